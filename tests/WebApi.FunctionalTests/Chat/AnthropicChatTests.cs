using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Chat;

/// <summary>
/// The <c>Anthropic</c> provider through the whole product: the same answers, blocks, sources and credits as any
/// other provider, from the fake server's Messages API dialect.
/// </summary>
public abstract class AnthropicChatTests(PlanckApiFactory api)
{
    [Fact]
    public async Task An_answer_streams_with_its_cited_sources_and_is_charged_from_the_usage_the_provider_reports()
    {
        var with = await api.WithFakeAnthropicAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var revenue = await member.Client.UploadOkAsync(workspace, "revenue.txt", "Quarterly report. Revenue grew by 12% in the third quarter.");
        (await member.Client.WaitUntilProcessedAsync(revenue.Id)).Status.ShouldBe("ready");
        using var client = with.ClientFor(member);

        var events = await (await client.AskAsync(workspace, "How did revenue grow? [[fake:cite 1]]")).ReadEventsAsync();

        AnswerEvents.ShouldBeWellFormed(events);
        var blocks = AnswerEvents.AssembleBlocks(events);
        blocks.Select(b => b.GetProperty("type").GetString()).ShouldBe(["text", "sources"]);
        blocks[1].GetProperty("sources").EnumerateArray().Single().GetProperty("document_id").GetGuid().ShouldBe(revenue.Id);
        var request = with.Model.Requests.Last(r => r.LastUserText.Contains("How did revenue grow?", StringComparison.Ordinal));
        request.Path.ShouldBe("/v1/messages");
        request.Messages[0].Role.ShouldBe("system");
        var messageId = events[0].Data.GetProperty("id").GetGuid();
        var entry = await api.QueryDatabaseAsync(db => db.UsageEntries.AsNoTracking().SingleAsync(u => u.MessageId == messageId));
        entry.InputTokens.ShouldBe(request.Messages.Sum(m => m.Content.Length) / 4, "the provider's own count, not Planck's estimate");
        events[^1].Data.GetProperty("credits_consumed").GetInt32().ShouldBe(entry.Credits);
    }

    [Fact]
    public async Task A_conversation_created_from_a_prompt_is_named_by_the_model()
    {
        var with = await api.WithFakeAnthropicAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        using var client = with.ClientFor(member);

        var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations", new { prompt = "What were the revenue figures for the last quarter?" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("name").GetString().ShouldBe(FakeAnswers.Title);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteAnthropicChatTests(SqliteApiFactory api) : AnthropicChatTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresAnthropicChatTests(PostgresApiFactory api) : AnthropicChatTests(api);
