using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Planck.Application;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;
using Planck.Infrastructure;
using Planck.Infrastructure.Persistence;
using Planck.Infrastructure.Startup;

namespace Planck.Bench.Retrieval;

/// <summary>
/// The server's services in this process, as the web host composes them (AddApplication, AddInfrastructure, the
/// hosted document workers) but without HTTP: search modes are chosen on <c>SearchRequest</c>, which the API does
/// not expose, and no request pipeline adds noise to the timings. Embeddings are the server's local model, the one
/// named or else its default.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly string dataDirectory;

    private BenchHost(IHost host, string dataDirectory, Caller member, Guid workspaceId)
    {
        this.host = host;
        this.dataDirectory = dataDirectory;
        Member = member;
        WorkspaceId = workspaceId;
    }

    public IServiceProvider Services => host.Services;

    /// <summary>The user the documents are uploaded as; a member of <see cref="WorkspaceId"/>.</summary>
    public Caller Member { get; }

    public Guid WorkspaceId { get; }

    public static async Task<BenchHost> StartAsync(string provider, string? connectionString, string? localModel = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "planck-retrieval-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Planck:DataDirectory"] = dataDirectory,
            ["Planck:Database:Provider"] = provider == "postgres" ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Planck"] = connectionString,
            ["Planck:Embeddings:LocalModel"] = localModel,

            // A 200-page manual on a loaded two-core machine can take longer than the server's default ten minutes.
            ["Planck:Documents:ProcessingTimeoutSeconds"] = "3600",

            // A throwaway secret, so the server does not generate one into the data directory and warn about it.
            ["Planck:Security:ApiKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        });

        // stdout carries the report; the server's warnings go to stderr with the progress lines.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration);
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        var host = builder.Build();

        // The schema first: the workers start with the host and read the documents table at once.
        await DatabaseInitializer.MigrateAsync(host.Services, CancellationToken.None);
        var (member, workspaceId) = await CreateMemberAndWorkspaceAsync(host.Services);
        await host.StartAsync();
        return new BenchHost(host, dataDirectory, member, workspaceId);
    }

    private static async Task<(Caller Member, Guid WorkspaceId)> CreateMemberAndWorkspaceAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        var now = DateTimeOffset.UtcNow;
        var user = User.Create($"retrieval-{Guid.NewGuid():N}@bench.local", "Retrieval bench", Role.User, now);
        var workspace = Workspace.Create("Debian manuals", "Real documents for the retrieval benchmark", now);
        workspace.AddMember(user.Id, now);
        db.Users.Add(user);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        var caller = new Caller(user.Id, user.Email, user.FullName, user.Role, true, now, AuthenticationMethod.System, null);
        return (caller, workspace.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
