using Planck.Domain.Common;

namespace Planck.Domain.Documents;

/// <summary>
/// A file a member put into a workspace. The row is also the unit of background work: a worker claims it
/// with a lease, and a lease that runs out (a crashed node) lets another worker take it again. The transitions of
/// that work are here, and each refuses to run from the wrong state; storage only makes them conditional on the
/// state it read, so that two nodes never both apply one.
/// </summary>
public sealed class Document
{
    public const int MaxNameLength = 255;
    public const int MaxErrorLength = 1000;

    /// <summary>Transient failures are retried; after this many attempts the document fails for good.</summary>
    public const int MaxAttempts = DocumentRetryPolicy.MaxAttempts;

    /// <summary>The error of a document that was in progress each time its node went down.</summary>
    public const string CrashedEveryTime = "the server stopped while processing it each time.";

    private Document()
    {
        Name = string.Empty;
        StorageKey = string.Empty;
        ContentType = string.Empty;
        Sha256 = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }

    /// <summary>The name as the uploader gave it; for display only, never a path.</summary>
    public string Name { get; private set; }

    /// <summary>Where the original bytes are, in the file store's own terms.</summary>
    public string StorageKey { get; private set; }

    public DocumentKind Kind { get; private set; }
    public string ContentType { get; private set; }
    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the original bytes.</summary>
    public string Sha256 { get; private set; }

    public Guid UploadedBy { get; private set; }
    public DocumentStatus Status { get; private set; }
    public string? Error { get; private set; }
    public int? PageCount { get; private set; }
    public int? ChunkCount { get; private set; }

    /// <summary>
    /// The generation of passages search serves for the document; 0 while it has never been indexed. Processing writes
    /// its passages at <see cref="NextGeneration"/> and <see cref="MarkReady"/> moves the document onto them, so a
    /// re-index keeps the passages of the generation before it serving until the new ones are ready.
    /// </summary>
    public int IndexGeneration { get; private set; }

    /// <summary>
    /// Whether the generation served is the current attempt's own, served by full text before its vectors are written
    /// (<see cref="ServeFullText"/>). Only a document served nothing before gets this: a re-index keeps its complete old
    /// generation serving instead. The attempt's failure or cancel withdraws the early text, so nothing stays served.
    /// </summary>
    public bool ServesTextOnly { get; private set; }

    /// <summary>The generation the current attempt writes: the one it already serves by full text, else the next.</summary>
    public int NextGeneration => ServesTextOnly ? IndexGeneration : IndexGeneration + 1;

    /// <summary>
    /// Whether the attempt may serve its passages by full text before they are embedded: when the document serves
    /// nothing else (a first index, or an earlier attempt's early text after its node went down).
    /// </summary>
    public bool MayServeTextEarly => !IsIndexed || ServesTextOnly;

    /// <summary>Whether search has passages of this document to serve.</summary>
    public bool IsIndexed => IndexGeneration > 0;

    /// <summary>The stage of the current (or last) attempt; with <see cref="ProgressPercent"/>, what a member watches.</summary>
    public DocumentStage Stage { get; private set; }

    /// <summary>0–100 within an attempt, never moving back while one worker holds the document; 100 once ready.</summary>
    public int ProgressPercent { get; private set; }

    /// <summary>Passages embedded (or, without embeddings, cut) so far in this attempt.</summary>
    public int PassagesDone { get; private set; }

    /// <summary>How many times a worker has started on it.</summary>
    public int Attempts { get; private set; }

    /// <summary>A pending document is not claimed before this time (the backoff after a transient failure).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The worker that holds the document while it is <c>processing</c>.</summary>
    public string? LeaseOwner { get; private set; }

    /// <summary>When the holder's claim lapses unless renewed; after it, another worker may take the document.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ProcessingStartedAt { get; private set; }
    public DateTimeOffset? ProcessedAt { get; private set; }

    public static Document Upload(
        Guid id, Guid workspaceId, string name, string storageKey, DocumentKind kind, long sizeBytes, string sha256, Guid uploadedBy, DateTimeOffset now) =>
        new()
        {
            Id = id,
            WorkspaceId = workspaceId,
            Name = name,
            StorageKey = storageKey,
            Kind = kind,
            ContentType = kind.ContentType(),
            SizeBytes = sizeBytes,
            Sha256 = sha256,
            UploadedBy = uploadedBy,
            Status = DocumentStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>Whether a worker may take the document now: pending and due, or processing under a lease that ran out.</summary>
    public bool IsClaimable(DateTimeOffset now) =>
        (Status == DocumentStatus.Pending && NextAttemptAt <= now)
        || (Status == DocumentStatus.Processing && LeaseExpiresAt < now);

    /// <summary>
    /// A worker takes the document for one attempt. Storage runs the same rule as one atomic statement (several nodes
    /// claim at once); this is its meaning, and what tests hold the statement to.
    /// </summary>
    public void Claim(string owner, DateTimeOffset now, TimeSpan lease)
    {
        if (!IsClaimable(now))
        {
            throw new DomainRuleException($"The document is {StatusText} and cannot be taken up now.");
        }

        Status = DocumentStatus.Processing;
        LeaseOwner = owner;
        LeaseExpiresAt = now + lease;
        Attempts++;
        ProcessingStartedAt ??= now;
        RestartProgress(DocumentStage.Extracting);
        UpdatedAt = now;
    }

    /// <summary>
    /// The holder says how far it got. Progress only moves forward: a stage before the current one, or a lower percent
    /// or count, leaves what was reported (a member watching must never see the bar go back).
    /// </summary>
    public void ReportProgress(string owner, DocumentStage stage, int percent, int passagesDone, DateTimeOffset now)
    {
        EnsureHeldBy(owner);
        if (stage < Stage)
        {
            return;
        }

        Stage = stage;
        ProgressPercent = Math.Max(ProgressPercent, Math.Clamp(percent, 0, 99));
        PassagesDone = Math.Max(PassagesDone, passagesDone);
        UpdatedAt = now;
    }

    /// <summary>Whether the given worker holds the document: the condition of every write it makes after the claim.</summary>
    public bool IsHeldBy(string owner) => Status == DocumentStatus.Processing && LeaseOwner == owner;

    /// <summary>The attempt follows as many on which the node went down; taking it on again would bring this node down too.</summary>
    public bool HasExhaustedAttempts => Attempts > MaxAttempts;

    public void RenewLease(string owner, DateTimeOffset now, TimeSpan lease)
    {
        EnsureHeldBy(owner);
        LeaseExpiresAt = now + lease;
    }

    /// <summary>
    /// The attempt's passages, extracted and cut but not yet embedded, become searchable by full text while it goes on
    /// embedding them: the document stays processing, at the embedding stage, until <see cref="MarkReady"/>.
    /// </summary>
    public void ServeFullText(string owner, int? pageCount, int chunkCount, int percent, DateTimeOffset now)
    {
        EnsureHeldBy(owner);
        if (!MayServeTextEarly)
        {
            throw new DomainRuleException("A document that is indexed keeps serving its complete passages until the new ones are ready.");
        }

        IndexGeneration = NextGeneration;
        ServesTextOnly = true;
        PageCount = pageCount;
        ChunkCount = chunkCount;
        ReportProgress(owner, DocumentStage.Embedding, percent, 0, now);
    }

    public void MarkReady(string owner, int? pageCount, int chunkCount, DateTimeOffset now)
    {
        EnsureHeldBy(owner);
        Status = DocumentStatus.Ready;
        IndexGeneration = NextGeneration;
        ServesTextOnly = false;
        PageCount = pageCount;
        ChunkCount = chunkCount;
        Stage = DocumentStage.Indexing;
        ProgressPercent = 100;
        PassagesDone = chunkCount;
        Error = null;
        EndAttempt(now);
        ProcessedAt = now;
    }

    /// <summary>Fails for good with a message the user can read.</summary>
    public void Fail(string owner, string error, DateTimeOffset now)
    {
        EnsureHeldBy(owner);
        Status = DocumentStatus.Failed;
        WithdrawEarlyText();
        Error = TrimError(error);
        EndAttempt(now);
        ProcessedAt = now;
    }

    /// <summary>
    /// The retry policy applied to a failed attempt: a permanent failure, or a transient one on the last attempt,
    /// fails the document; an earlier transient one puts it back to pending after the policy's delay, with a note.
    /// Returns the delay when the document will be retried.
    /// </summary>
    public TimeSpan? FailAttempt(string owner, string error, bool transient, DocumentRetryPolicy policy, double random, DateTimeOffset now)
    {
        EnsureHeldBy(owner);
        if (!transient)
        {
            Fail(owner, error, now);
            return null;
        }

        if (!DocumentRetryPolicy.AllowsAnotherAttempt(Attempts))
        {
            Fail(owner, DocumentRetryPolicy.GaveUp(error), now);
            return null;
        }

        var delay = policy.DelayAfter(Attempts, random);
        ScheduleRetry(owner, DocumentRetryPolicy.WillRetry(Attempts, error), now + delay, now);
        return delay;
    }

    /// <summary>Back to pending after a transient failure, not claimed before <paramref name="nextAttemptAt"/>; the note says why.</summary>
    public void ScheduleRetry(string owner, string note, DateTimeOffset nextAttemptAt, DateTimeOffset now)
    {
        EnsureHeldBy(owner);
        Status = DocumentStatus.Pending;
        WithdrawEarlyText();
        Error = TrimError(note);
        NextAttemptAt = nextAttemptAt;
        RestartProgress(DocumentStage.Queued);
        EndAttempt(now);
    }

    /// <summary>
    /// Handed back as the server stops: not the document's fault, so due at once and the attempt given back. Text it
    /// served early keeps serving; the next attempt writes the same generation over it.
    /// </summary>
    public void Release(string owner, DateTimeOffset now)
    {
        EnsureHeldBy(owner);
        Status = DocumentStatus.Pending;
        Attempts = Math.Max(0, Attempts - 1);
        NextAttemptAt = now;
        RestartProgress(DocumentStage.Queued);
        EndAttempt(now);
    }

    /// <summary>A member stops the work: pending or processing becomes cancelled, and whoever held it loses the lease.</summary>
    public void Cancel(DateTimeOffset now)
    {
        if (Status is not (DocumentStatus.Pending or DocumentStatus.Processing))
        {
            throw new DomainRuleException($"Only a pending or processing document can be cancelled; this one is {StatusText}.");
        }

        Status = DocumentStatus.Cancelled;
        WithdrawEarlyText();
        Error = null;
        EndAttempt(now);
    }

    /// <summary>A member asks for another go at a failed or cancelled document: pending at once, with a fresh count of attempts.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status is not (DocumentStatus.Failed or DocumentStatus.Cancelled))
        {
            throw new DomainRuleException($"Only a failed or cancelled document can be retried; this one is {StatusText}.");
        }

        ProcessedAt = null;
        Requeue(now);
    }

    /// <summary>Whether <see cref="Reindex"/> applies: a document at rest, ready or failed.</summary>
    public bool CanBeReindexed => Status is DocumentStatus.Ready or DocumentStatus.Failed;

    /// <summary>
    /// Queued again after the embedding model or chunking changed: pending at once with a fresh count of attempts. The
    /// passages it has keep serving search (<see cref="IndexGeneration"/> is unchanged) until the new ones are ready.
    /// </summary>
    public void Reindex(DateTimeOffset now)
    {
        if (!CanBeReindexed)
        {
            throw new DomainRuleException($"Only a ready or failed document can be re-indexed; this one is {StatusText}.");
        }

        Requeue(now);
    }

    /// <summary>The display name with what must never be shown or stored raw removed: paths, control characters, excess length.</summary>
    public static string DisplayName(string? given)
    {
        var name = (given ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(name);
            name = extension.Length is > 0 and <= 16
                ? string.Concat(name.AsSpan(0, MaxNameLength - extension.Length), extension)
                : name[..MaxNameLength];
        }

        return name.Length == 0 ? "document" : name;
    }

    public static string TrimError(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];

    private string StatusText => Status.ToString().ToLowerInvariant();

    private void EnsureHeldBy(string owner)
    {
        if (!IsHeldBy(owner))
        {
            throw new DomainRuleException("The document is no longer held by this worker.");
        }
    }

    /// <summary>Pending at once with a fresh count of attempts, as a member or an Admin asks.</summary>
    private void Requeue(DateTimeOffset now)
    {
        Status = DocumentStatus.Pending;
        Error = null;
        Attempts = 0;
        NextAttemptAt = now;
        ProcessingStartedAt = null;
        RestartProgress(DocumentStage.Queued);
        EndAttempt(now);
    }

    /// <summary>An attempt that ends without its vectors takes back the text it served early: a half-indexed document serves nothing.</summary>
    private void WithdrawEarlyText()
    {
        if (!ServesTextOnly)
        {
            return;
        }

        IndexGeneration = 0;
        ServesTextOnly = false;
        PageCount = null;
        ChunkCount = null;
    }

    private void RestartProgress(DocumentStage stage)
    {
        Stage = stage;
        ProgressPercent = 0;
        PassagesDone = 0;
    }

    private void EndAttempt(DateTimeOffset now)
    {
        LeaseOwner = null;
        LeaseExpiresAt = null;
        UpdatedAt = now;
    }
}
