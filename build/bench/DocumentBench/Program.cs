using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Domain.Documents;
using Planck.Infrastructure;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Persistence;

// Verbs (each prints one JSON object on stdout; documents.sh turns them into the report):
//   generate DIR                                   the input files
//   workspaces BASE_URL ADMIN_KEY COUNT            creates workspaces, prints their ids
//   ingest BASE_URL KEY WORKSPACE FILE UNITS       uploads, waits until processed, prints units/s
//   searchable BASE_URL KEY WORKSPACE FILE QUERY   uploads; seconds until search finds QUERY in it, and until ready
//   upload-memory BASE_URL KEY WORKSPACE FILE PID  uploads while sampling the server's resident memory
//   seed PROVIDER CONNECTION_STRING CHUNKS WORKSPACE_ID...   passages straight into the database
//   scan PASSAGES                                  the in-process int8 vector scan alone (no server): p50/p95, bytes
//   ivf PASSAGES CLUSTERS [NOISE]                  the scan against the IVF lists (ADR 0017) on clustered vectors: speed, recall
var verb = args.Length > 0 ? args[0] : "";
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };
switch (verb)
{
    case "generate":
        Console.WriteLine(JsonSerializer.Serialize(Inputs.Generate(args[1]), json));
        break;
    case "workspaces":
        Console.WriteLine(JsonSerializer.Serialize(await Api.CreateWorkspacesAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture)), json));
        break;
    case "ingest":
        Console.WriteLine(JsonSerializer.Serialize(await Api.IngestAsync(args[1], args[2], Guid.Parse(args[3]), args[4], int.Parse(args[5], CultureInfo.InvariantCulture)), json));
        break;
    case "searchable":
        Console.WriteLine(JsonSerializer.Serialize(await Api.SearchableAsync(args[1], args[2], Guid.Parse(args[3]), args[4], args[5]), json));
        break;
    case "upload-memory":
        Console.WriteLine(JsonSerializer.Serialize(await Api.UploadMemoryAsync(args[1], args[2], Guid.Parse(args[3]), args[4], int.Parse(args[5], CultureInfo.InvariantCulture)), json));
        break;
    case "seed":
        Console.WriteLine(JsonSerializer.Serialize(await Seeder.SeedAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4..].Select(Guid.Parse).ToList()), json));
        break;
    case "scan":
        Console.WriteLine(JsonSerializer.Serialize(ScanBench.Run(int.Parse(args[1], CultureInfo.InvariantCulture)), json));
        break;
    case "ivf":
        Console.WriteLine(JsonSerializer.Serialize(ScanBench.RunApproximate(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0.08), json));
        break;
    default:
        Console.Error.WriteLine("usage: Planck.Bench.Documents generate|workspaces|ingest|upload-memory|seed|scan|ivf ...");
        return 2;
}

return 0;

internal static class Inputs
{
    public const int PdfPages = 200;
    public const int CsvRows = 100_000;
    public const long LargeFileBytes = 100L * 1024 * 1024;

    public static object Generate(string directory)
    {
        Directory.CreateDirectory(directory);
        var pdf = Path.Combine(directory, "pages-200.pdf");
        File.WriteAllBytes(pdf, Planck.Tests.Fixtures.DocumentFixtures.LongPdf(PdfPages));
        var csv = Path.Combine(directory, "rows-100000.csv");
        File.WriteAllBytes(csv, Planck.Tests.Fixtures.DocumentFixtures.Csv(CsvRows));
        var large = Path.Combine(directory, "large-100mb.txt");
        using (var writer = new StreamWriter(large, false, new UTF8Encoding(false)))
        {
            var line = "Planck streams uploads to storage without holding them in memory; this line repeats to fill 100 MB.\n";
            for (long written = 0; written + line.Length <= LargeFileBytes; written += line.Length)
            {
                writer.Write(line);
            }
        }

        return new { pdf, csv, large, large_bytes = new FileInfo(large).Length };
    }
}

internal static class Api
{
    private static HttpClient Client(string baseUrl, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    public static async Task<List<Guid>> CreateWorkspacesAsync(string baseUrl, string adminKey, int count)
    {
        using var client = Client(baseUrl, adminKey);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/admin/workspaces", new { name = $"bench workspace {i + 1}" });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            ids.Add(body.GetProperty("id").GetGuid());
        }

        return ids;
    }

    /// <summary>Upload to processed, as a user sees it: from the first byte sent to the status turning ready (polled every 50 ms).</summary>
    public static async Task<object> IngestAsync(string baseUrl, string key, Guid workspace, string file, int units)
    {
        using var client = Client(baseUrl, key);
        var clock = Stopwatch.StartNew();
        var document = await UploadAsync(client, workspace, file);
        var uploaded = clock.Elapsed.TotalSeconds;
        var id = document.GetProperty("id").GetGuid();
        while (true)
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}");
            var status = current.GetProperty("status").GetString();
            if (status is "ready" or "failed")
            {
                var seconds = clock.Elapsed.TotalSeconds;
                return new
                {
                    file = Path.GetFileName(file),
                    status,
                    error = current.GetProperty("error").ToString(),
                    upload_seconds = Math.Round(uploaded, 3),
                    total_seconds = Math.Round(seconds, 3),
                    units,
                    units_per_second = Math.Round(units / seconds, 1),
                    processing_units_per_second = Math.Round(units / (seconds - uploaded), 1),
                    chunk_count = current.GetProperty("chunk_count").ToString(),
                    page_count = current.GetProperty("page_count").ToString(),
                };
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Upload to searchable and to ready (issue 11, ADR 0022): from the first byte sent until the workspace's search finds
    /// <paramref name="query"/> in a passage of this document (polled every 100 ms, with the document's status and
    /// stage at that moment), and until the document is ready.
    /// </summary>
    public static async Task<object> SearchableAsync(string baseUrl, string key, Guid workspace, string file, string query)
    {
        using var client = Client(baseUrl, key);
        var clock = Stopwatch.StartNew();
        var id = (await UploadAsync(client, workspace, file)).GetProperty("id").GetGuid();
        var uploaded = clock.Elapsed.TotalSeconds;
        double? searchableAt = null;
        string? statusWhenFound = null;
        string? stageWhenFound = null;
        while (true)
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}");
            var status = current.GetProperty("status").GetString();
            if (searchableAt is null)
            {
                var hits = await client.GetFromJsonAsync<JsonElement>(
                    $"/api/v1/workspaces/{workspace}/search?q={Uri.EscapeDataString(query)}&document_ids={id}&limit=5");
                if (hits.GetProperty("data").EnumerateArray().Any(hit => hit.GetProperty("text").GetString()!.Contains(query, StringComparison.Ordinal)))
                {
                    searchableAt = clock.Elapsed.TotalSeconds;
                    statusWhenFound = status;
                    stageWhenFound = current.GetProperty("progress").GetProperty("stage").GetString();
                }
            }

            if (status is "ready" or "failed")
            {
                return new
                {
                    file = Path.GetFileName(file),
                    query,
                    status,
                    error = current.GetProperty("error").ToString(),
                    upload_seconds = Math.Round(uploaded, 3),
                    searchable_seconds = searchableAt is { } found ? Math.Round(found, 3) : (double?)null,
                    status_when_searchable = statusWhenFound,
                    stage_when_searchable = stageWhenFound,
                    ready_seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                    chunk_count = current.GetProperty("chunk_count").ToString(),
                };
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The server's resident memory while the file streams in, sampled every 5 ms from /proc.</summary>
    public static async Task<object> UploadMemoryAsync(string baseUrl, string key, Guid workspace, string file, int serverPid)
    {
        using var client = Client(baseUrl, key);
        GC.Collect();
        var baseline = ResidentBytes(serverPid);
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentBytes(serverPid));
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        var document = await UploadAsync(client, workspace, file);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        peak = Math.Max(peak, ResidentBytes(serverPid));
        return new
        {
            file_bytes = new FileInfo(file).Length,
            status = document.GetProperty("status").GetString(),
            upload_seconds = Math.Round(seconds, 2),
            baseline_rss_mb = Math.Round(baseline / 1048576.0, 1),
            peak_rss_mb = Math.Round(peak / 1048576.0, 1),
            rise_mb = Math.Round((peak - baseline) / 1048576.0, 1),
        };
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, Guid workspace, string file)
    {
        await using var stream = File.OpenRead(file);
        using var form = new MultipartFormDataContent { { new StringContent(workspace.ToString()), "workspace_id" } };
        var content = new StreamContent(stream, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", Path.GetFileName(file));
        var response = await client.PostAsync("/api/v1/documents/", form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"upload of {file} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }
}

/// <summary>
/// Passages straight into the database (ready documents of 100 passages each, spread evenly over the workspaces), with
/// random unit vectors: embedding 100,000 passages with the real model would take hours on two cores, and search cost
/// depends on counts and term statistics, not on meaning. The text follows the statistics of real prose: a
/// 10,000-word vocabulary drawn with Zipf's law (word of rank r with probability proportional to 1/r), the 50
/// commonest words being English function words and the benchmark's query words sitting at content-word ranks
/// (100 to 2,060), so a query word appears in a few to a quarter of the passages, as in real documents.
/// </summary>
internal static class Seeder
{
    public const int Dimensions = 384;
    private const int ChunksPerDocument = 100;
    private const int VocabularySize = 10_000;

    /// <summary>The words the search benchmark asks for (build/bench/documents.sh), each given a content-word rank.</summary>
    public static readonly string[] QueryWords =
    [
        "revenue", "policy", "travel", "invoice", "contract", "security", "incident", "customer", "budget", "forecast",
        "holiday", "expense", "approval", "manager", "deadline", "project", "release", "server", "backup", "network",
        "training", "onboarding", "benefits", "pension", "insurance", "vendor", "purchase", "order", "quarter", "growth",
        "margin", "pricing", "discount", "warranty", "support", "ticket", "escalation", "outage", "latency", "database",
        "migration", "compliance", "audit", "privacy", "retention", "archive", "report", "meeting", "agenda", "minutes",
    ];

    private static readonly string[] FunctionWords =
    [
        "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
        "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their", "one",
        "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "she",
    ];

    private static readonly string[] Vocabulary = BuildVocabulary();

    private static string[] BuildVocabulary()
    {
        var words = new string[VocabularySize];
        FunctionWords.CopyTo(words, 0);
        for (var rank = FunctionWords.Length; rank < VocabularySize; rank++)
        {
            // Pronounceable filler words: distinct, deterministic, never one of the query words.
            var word = new StringBuilder();
            for (var n = rank; n > 0 || word.Length < 4; n /= 5)
            {
                word.Append("bdfgklmnprstvz"[n % 14]).Append("aeiou"[(n / 14) % 5]);
            }

            words[rank] = word.ToString();
        }

        for (var i = 0; i < QueryWords.Length; i++)
        {
            words[100 + (i * 40)] = QueryWords[i];
        }

        return words;
    }

    public static async Task<object> SeedAsync(string provider, string connectionString, int chunks, List<Guid> workspaces)
    {
        var random = new Random(42);
        var clock = Stopwatch.StartNew();
        var uploader = await FirstUserAsync(provider, connectionString);
        var documents = (chunks + ChunksPerDocument - 1) / ChunksPerDocument;
        var vector = new float[Dimensions];
        for (var d = 0; d < documents; d++)
        {
            await using var db = Context(provider, connectionString);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = DateTimeOffset.UtcNow;
            var workspace = workspaces[d % workspaces.Count];
            var document = Document.Upload(Guid.CreateVersion7(), workspace, $"seeded-{d}.txt", $"seeded/{d}", DocumentKind.Text, 1, new string('0', 64), uploader, now);
            db.Documents.Add(document);
            var entry = db.Entry(document);
            entry.Property(x => x.Status).CurrentValue = DocumentStatus.Ready;
            entry.Property(x => x.IndexGeneration).CurrentValue = 1;
            entry.Property(x => x.ChunkCount).CurrentValue = ChunksPerDocument;
            entry.Property(x => x.ProcessedAt).CurrentValue = now;
            for (var c = 0; c < ChunksPerDocument && (d * ChunksPerDocument) + c < chunks; c++)
            {
                for (var i = 0; i < Dimensions; i++)
                {
                    vector[i] = (float)((random.NextDouble() * 2) - 1);
                }

                var norm = MathF.Sqrt(vector.Sum(v => v * v));
                for (var i = 0; i < Dimensions; i++)
                {
                    vector[i] /= norm;
                }

                db.DocumentChunks.Add(new DocumentChunk(document.Id, workspace, c, Passage(random), null, null, 400, EmbeddingCodec.ToBytes(vector)));
            }

            await db.SaveChangesAsync();
        }

        return new { chunks, documents, workspaces = workspaces.Count, seconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
    }

    /// <summary>About 300 words; <c>N^u</c> for uniform u is the Zipf (1/r) distribution over ranks 1..N.</summary>
    private static string Passage(Random random)
    {
        var text = new StringBuilder();
        for (var w = 0; w < 300; w++)
        {
            var rank = (int)Math.Floor(Math.Pow(VocabularySize, random.NextDouble())) - 1;
            text.Append(Vocabulary[Math.Clamp(rank, 0, VocabularySize - 1)]).Append(w % 12 == 11 ? ". " : " ");
        }

        return text.ToString();
    }

    private static async Task<Guid> FirstUserAsync(string provider, string connectionString)
    {
        await using var db = Context(provider, connectionString);
        return await db.Users.Select(u => u.Id).FirstAsync();
    }

    private static PlanckDbContext Context(string provider, string connectionString)
    {
        if (provider == "sqlite")
        {
            var builder = new DbContextOptionsBuilder<SqlitePlanckDbContext>();
            DependencyInjection.ConfigureSqlite(builder, connectionString);
            return new SqlitePlanckDbContext(builder.Options);
        }

        var pg = new DbContextOptionsBuilder<PostgresPlanckDbContext>();
        DependencyInjection.ConfigurePostgres(pg, connectionString);
        return new PostgresPlanckDbContext(pg.Options);
    }
}

/// <summary>The vector half's scan without database or HTTP: random unit vectors, 300 candidates kept (100 × oversampling 3).</summary>
internal static class ScanBench
{
    public static object Run(int passages)
    {
        var random = new Random(1);
        var vector = new float[Seeder.Dimensions];
        var builder = new Planck.Infrastructure.Documents.Search.VectorBlockBuilder(Seeder.Dimensions, passages);
        var document = new Planck.Infrastructure.Documents.Search.DocumentVersion(Guid.NewGuid(), 1);
        for (var i = 0; i < passages; i++)
        {
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] = (float)((random.NextDouble() * 2) - 1);
            }

            builder.Add(i, document, vector);
        }

        var block = builder.Build();
        GC.Collect();
        var times = new List<double>();
        for (var q = 0; q < 60; q++)
        {
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] = (float)((random.NextDouble() * 2) - 1);
            }

            Planck.Infrastructure.Documents.Search.VectorBlock.Normalise(vector);
            var clock = Stopwatch.StartNew();
            block.Nearest(vector, null, 300);
            if (q >= 10)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return new
        {
            passages,
            block_mb = Math.Round(block.Bytes / 1048576.0, 1),
            p50_ms = Percentile(times, 0.5),
            p95_ms = Percentile(times, 0.95),
            working_set_mb = Math.Round(Environment.WorkingSet / 1048576.0, 1),
        };
    }

    /// <summary>
    /// Linear scan against the trained lists at several probe counts. Random unit vectors have no clusters for k-means
    /// to find (every list is then as near as any other), so the rows here are noisy copies of CLUSTERS random
    /// centres, as real passages' embeddings group by topic; the queries are fresh noisy copies of random centres.
    /// Recall is of the linear scan's top 10 (the same int8 similarities): found among the 300 candidates the exact
    /// re-rank reads, and equal to the approximate top 10. NOISE is each dimension's uniform spread around a centre:
    /// 0.08 puts a row at cosine ~0.75 to its centre, 0.15 at ~0.5 (clusters that overlap, as topics do).
    /// </summary>
    public static object RunApproximate(int passages, int clusters, double noise)
    {
        var random = new Random(1);
        var dimensions = Seeder.Dimensions;
        var centres = new float[clusters][];
        for (var c = 0; c < clusters; c++)
        {
            centres[c] = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                centres[c][d] = (float)((random.NextDouble() * 2) - 1);
            }

            Planck.Infrastructure.Documents.Search.VectorBlock.Normalise(centres[c]);
        }

        var vector = new float[dimensions];
        void NoisyCopy(float[] centre)
        {
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = centre[d] + (float)(((random.NextDouble() * 2) - 1) * noise);
            }

            Planck.Infrastructure.Documents.Search.VectorBlock.Normalise(vector);
        }

        var builder = new Planck.Infrastructure.Documents.Search.VectorBlockBuilder(dimensions, passages);
        var document = new Planck.Infrastructure.Documents.Search.DocumentVersion(Guid.NewGuid(), 1);
        for (var i = 0; i < passages; i++)
        {
            NoisyCopy(centres[random.Next(clusters)]);
            builder.Add(i, document, vector);
        }

        var linear = builder.Build();
        GC.Collect();
        var training = Stopwatch.StartNew();
        var trained = Planck.Infrastructure.Documents.Search.InvertedLists.Train(linear);
        var trainingSeconds = training.Elapsed.TotalSeconds;
        GC.Collect();

        const int Queries = 60;
        const int Warmup = 10;
        var queries = new float[Queries][];
        for (var q = 0; q < Queries; q++)
        {
            NoisyCopy(centres[random.Next(clusters)]);
            queries[q] = (float[])vector.Clone();
        }

        var exact = new List<long>[Queries];
        var linearTimes = new List<double>();
        for (var q = 0; q < Queries; q++)
        {
            var clock = Stopwatch.StartNew();
            exact[q] = [.. linear.Nearest(queries[q], null, 300)];
            if (q >= Warmup)
            {
                linearTimes.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        var byProbes = new List<object>();
        foreach (var probes in new[] { 8, 16, 32, 64 })
        {
            var times = new List<double>();
            double inCandidates = 0, sameTopTen = 0;
            for (var q = 0; q < Queries; q++)
            {
                var clock = Stopwatch.StartNew();
                var found = trained.Nearest(queries[q], null, 300, probes);
                if (q >= Warmup)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }

                var topTen = exact[q].Take(10).ToList();
                var candidates = found.ToHashSet();
                inCandidates += topTen.Count(candidates.Contains) / 10.0;
                sameTopTen += topTen.Intersect(found.Take(10)).Count() / 10.0;
            }

            byProbes.Add(new
            {
                probes,
                p50_ms = Percentile(times, 0.5),
                p95_ms = Percentile(times, 0.95),
                exact_top10_in_300_candidates = Math.Round(inCandidates / Queries, 3),
                top10_recall = Math.Round(sameTopTen / Queries, 3),
            });
        }

        return new
        {
            passages,
            clusters,
            noise,
            lists = trained.Lists?.Count ?? 0,
            training_s = Math.Round(trainingSeconds, 1),
            lists_mb = Math.Round((trained.Lists?.Bytes ?? 0) / 1048576.0, 2),
            linear = new { p50_ms = Percentile(linearTimes, 0.5), p95_ms = Percentile(linearTimes, 0.95) },
            approximate = byProbes,
            working_set_mb = Math.Round(Environment.WorkingSet / 1048576.0, 1),
        };
    }

    private static double Percentile(List<double> times, double share)
    {
        var sorted = times.Order().ToList();
        return Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * share))], 2);
    }
}
