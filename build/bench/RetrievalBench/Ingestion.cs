using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Abstractions;
using Planck.Application.Documents.Commands.UploadDocument;
using Planck.Domain.Documents;
using Planck.Infrastructure.Persistence;

namespace Planck.Bench.Retrieval;

internal sealed record IngestedDocument(Guid Id, string Name, int? Pages, int Passages, double ProcessingSeconds);

internal sealed record IngestionResult(IReadOnlyList<IngestedDocument> Documents, double Seconds)
{
    public int Pages => Documents.Sum(d => d.Pages ?? 0);

    public int Passages => Documents.Sum(d => d.Passages);
}

/// <summary>Uploads every corpus file through the real upload use case and waits for the workers to make them ready.</summary>
internal static class Ingestion
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(40);

    public static async Task<IngestionResult> RunAsync(BenchHost bench, Corpus corpus)
    {
        var clock = Stopwatch.StartNew();
        foreach (var document in corpus.Documents)
        {
            await UploadAsync(bench, corpus.PathOf(document), document.Name);
        }

        var lastReport = TimeSpan.Zero;
        while (true)
        {
            await using var scope = bench.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            var rows = await db.Documents.AsNoTracking().Where(d => d.WorkspaceId == bench.WorkspaceId).ToListAsync();
            var failed = rows.Where(d => d.Status == DocumentStatus.Failed).ToList();
            if (failed.Count > 0)
            {
                throw new InvalidOperationException("processing failed: " + string.Join("; ", failed.Select(d => $"{d.Name}: {d.Error}")));
            }

            var ready = rows.Count(d => d.Status == DocumentStatus.Ready);
            if (ready == rows.Count)
            {
                var seconds = clock.Elapsed.TotalSeconds;
                var documents = rows
                    .OrderBy(d => d.ProcessedAt)
                    .Select(d => new IngestedDocument(d.Id, d.Name, d.PageCount, d.ChunkCount ?? 0, (d.ProcessedAt!.Value - (d.ProcessingStartedAt ?? d.CreatedAt)).TotalSeconds))
                    .ToList();
                return new IngestionResult(documents, seconds);
            }

            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"only {ready} of {rows.Count} documents ready after {Deadline.TotalMinutes} minutes");
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(30))
            {
                lastReport = clock.Elapsed;
                Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:0} s: {ready}/{rows.Count} documents ready");
            }

            await Task.Delay(250);
        }
    }

    private static async Task UploadAsync(BenchHost bench, string path, string name)
    {
        await using var scope = bench.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Caller = bench.Member;
        var handler = ActivatorUtilities.CreateInstance<UploadDocumentHandler>(scope.ServiceProvider);
        await using var content = File.OpenRead(path);
        await handler.Handle(new UploadDocumentCommand(bench.WorkspaceId, name, content, content.Length), CancellationToken.None);
    }
}
