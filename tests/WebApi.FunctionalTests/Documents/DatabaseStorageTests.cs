using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Planck.Infrastructure.Documents.Storage;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Documents;

/// <summary>
/// A node configured with <c>Planck:Documents:Storage=Database</c> (several nodes, no shared disk) keeps files in the
/// database: upload, download and delete work with nothing under the data directory. (Processing is not waited
/// for: the collection's main server shares the database but stores files on disk, and its workers may claim the
/// document too; mixing storage kinds across nodes is a misconfiguration that the README warns against.)
/// </summary>
public abstract class DatabaseStorageTests(PlanckApiFactory api)
{
    [Fact]
    public async Task Files_live_in_the_database_from_upload_to_delete()
    {
        await using var node = api.WithWebHostBuilder(builder => builder.UseSetting("Planck:Documents:Storage", "Database"));
        using var client = node.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var member = await api.CreateUserAsync();
        client.DefaultRequestHeaders.Add("X-API-Key", member.ApiKey);
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var text = "Stored in the database: the quarterly board meeting moved to Thursday.";

        var document = await (await client.UploadAsync(workspace, "board.txt", text)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);
        var content = await client.GetAsync($"/api/v1/documents/{document.Id}/content");

        (await content.Content.ReadAsStringAsync()).ShouldBe(text);
        Directory.Exists(Path.Combine(api.DataDirectory, "files", workspace.ToString("N"))).ShouldBeFalse("nothing was written to disk");
        (await PartsAsync()).ShouldBeGreaterThan(0);

        (await client.DeleteAsync($"/api/v1/documents/{document.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Infrastructure.IntegrationTests.Support.Eventually.HoldsAsync(async () => await PartsAsync() == 0))
            .ShouldBeTrue("the stored pieces are removed after the delete commits");

        Task<int> PartsAsync() => api.QueryDatabaseAsync(db => db.Set<StoredFilePart>().CountAsync(p => p.Key.StartsWith(workspace.ToString("N"))));
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteDatabaseStorageTests(SqliteApiFactory api) : DatabaseStorageTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresDatabaseStorageTests(PostgresApiFactory api) : DatabaseStorageTests(api);
