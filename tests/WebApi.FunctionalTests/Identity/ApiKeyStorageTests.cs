using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Identity;

/// <summary>The full key is shown once and never stored; what is stored is a keyed hash and a display prefix.</summary>
public abstract partial class ApiKeyStorageTests(PlanckApiFactory api)
{
    private static readonly string[] KeyFields = ["created_at", "expires_at", "id", "last_used_at", "name", "prefix", "user_id"];

    [Fact]
    public async Task A_created_key_has_the_documented_format_and_fields()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        var before = DateTimeOffset.UtcNow;

        var response = await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "format check" });

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe([.. KeyFields.Append("key").Order(StringComparer.Ordinal)]);
        var created = JsonSerializer.Deserialize<ApiKeyResponse>(body, HttpExtensions.Json)!;
        created.Key.ShouldNotBeNull();
        created.Key.ShouldStartWith("pk_live_");
        created.Key.Length.ShouldBe(57);
        KeyCharacters().IsMatch(created.Key).ShouldBeTrue(created.Key);
        created.Prefix.ShouldBe(created.Key[..16]);
        created.Name.ShouldBe("format check");
        created.UserId.ShouldBe(user.Id);
        created.LastUsedAt.ShouldBeNull();
        created.ExpiresAt.ShouldBeNull();
        created.CreatedAt.ShouldBeInRange(before.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        response.Headers.Location?.ToString().ShouldEndWith(created.Id.ToString());
    }

    [Fact]
    public async Task Every_issued_key_is_different()
    {
        var user = await api.CreateUserAsync();
        var keys = new List<string> { user.ApiKey };
        for (var i = 0; i < 3; i++)
        {
            var created = await (await api.Admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/api-keys", new { name = $"key {i}" }))
                .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);
            keys.Add(created.Key!);
        }

        keys.Distinct(StringComparer.Ordinal).Count().ShouldBe(keys.Count);
        keys.Select(k => k[..16]).Distinct(StringComparer.Ordinal).Count().ShouldBe(keys.Count);
    }

    [Fact]
    public async Task The_database_holds_no_trace_of_the_full_key()
    {
        var user = await api.CreateUserAsync();
        var key = user.ApiKey;
        var secret = key["pk_live_".Length..];
        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rows = await api.QueryDatabaseAsync(db => db.ReadRowsAsync("SELECT * FROM api_keys"));

        var row = rows.Where(r => DatabaseRows.AsGuid(r["id"]) == user.ApiKeyId).ShouldHaveSingleItem();
        foreach (var stored in rows.SelectMany(r => r.Values))
        {
            switch (stored)
            {
                case string text:
                    text.ShouldNotContain(key);
                    text.ShouldNotContain(secret);
                    text.ShouldNotContain(secret[8..]);
                    break;
                case byte[] bytes:
                    Encoding.UTF8.GetString(bytes).ShouldNotContain(secret[8..]);
                    break;
            }
        }

        row["prefix"].ShouldBe(key[..16]);
        var hash = row["hash"].ShouldBeOfType<byte[]>();
        hash.Length.ShouldBe(32);
        hash.ShouldNotBe(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        hash.ShouldNotBe(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        row["name"].ShouldBe("test key");
    }

    [Fact]
    public async Task The_database_holds_no_trace_of_a_session_token()
    {
        var user = await api.CreateUserAsync();
        var token = await api.SignInForTokenAsync(user.Email, user.Password);

        var rows = await api.QueryDatabaseAsync(db => db.ReadRowsAsync("SELECT * FROM user_sessions"));

        rows.ShouldContain(r => DatabaseRows.AsGuid(r["user_id"]) == user.Id);
        foreach (var stored in rows.SelectMany(r => r.Values))
        {
            (stored as string)?.ShouldNotContain(token);
            if (stored is byte[] bytes)
            {
                bytes.ShouldNotBe(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
                Encoding.UTF8.GetString(bytes).ShouldNotContain(token);
            }
        }
    }

    [Fact]
    public async Task Listing_keys_never_returns_the_secret()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);
        var created = await (await session.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "listed" }))
            .ShouldBeAsync<ApiKeyResponse>(HttpStatusCode.Created);

        var response = await session.GetAsync("/api/v1/users/me/api-keys");

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldNotContain(created.Key!);
        body.ShouldNotContain(user.ApiKey);
        body.ShouldNotContain(created.Key![16..]);
        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        data.GetArrayLength().ShouldBe(2);
        foreach (var item in data.EnumerateArray())
        {
            item.TryGetProperty("key", out _).ShouldBeFalse();
            item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(KeyFields);
        }
    }

    [Fact]
    public async Task Last_used_at_is_empty_until_the_key_is_used_and_then_recorded()
    {
        var user = await api.CreateUserAsync();
        var stored = await api.QueryDatabaseAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == user.ApiKeyId));
        stored.LastUsedAt.ShouldBeNull();
        var before = DateTimeOffset.UtcNow;

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        DateTimeOffset? lastUsedAt = null;
        for (var attempt = 0; attempt < 50 && lastUsedAt is null; attempt++)
        {
            await Task.Delay(100);
            lastUsedAt = await api.QueryDatabaseAsync(db =>
                db.ApiKeys.AsNoTracking().Where(k => k.Id == user.ApiKeyId).Select(k => k.LastUsedAt).SingleAsync());
        }

        lastUsedAt.ShouldNotBeNull("last_used_at was not recorded within 5 seconds of the key's first use");
        lastUsedAt.Value.ShouldBeInRange(before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        using var session = await api.SignInAsync(user.Email, user.Password);
        var keys = await (await session.GetAsync("/api/v1/users/me/api-keys")).ShouldBeAsync<ListResponse<ApiKeyResponse>>(HttpStatusCode.OK);
        var listed = keys.Data.ShouldHaveSingleItem();
        listed.Id.ShouldBe(user.ApiKeyId);
        listed.LastUsedAt.ShouldNotBeNull();
        listed.LastUsedAt.Value.ShouldBe(lastUsedAt.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_key_that_has_never_been_used_is_listed_without_last_used_at()
    {
        var user = await api.CreateUserAsync();
        using var session = await api.SignInAsync(user.Email, user.Password);

        var keys = await (await session.GetAsync("/api/v1/users/me/api-keys")).ShouldBeAsync<ListResponse<ApiKeyResponse>>(HttpStatusCode.OK);

        keys.Data.ShouldHaveSingleItem().LastUsedAt.ShouldBeNull();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex KeyCharacters();
}

[Collection(SqliteServer.Name)]
public sealed class SqliteApiKeyStorageTests(SqliteApiFactory api) : ApiKeyStorageTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresApiKeyStorageTests(PostgresApiFactory api) : ApiKeyStorageTests(api);
