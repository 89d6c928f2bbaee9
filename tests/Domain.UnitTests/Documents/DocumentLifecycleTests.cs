using Planck.Domain.Common;
using Planck.Domain.Documents;

namespace Planck.Domain.UnitTests.Documents;

public sealed class DocumentLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly DocumentRetryPolicy Policy = new(TimeSpan.FromSeconds(10));

    private static Document Uploaded() =>
        Document.Upload(Guid.NewGuid(), Guid.NewGuid(), "a.txt", "key", DocumentKind.Text, 10, new string('0', 64), Guid.NewGuid(), Now);

    private static Document Claimed(string owner = "worker-a")
    {
        var document = Uploaded();
        document.Claim(owner, Now, Lease);
        return document;
    }

    [Fact]
    public void A_claim_takes_a_due_pending_document_with_a_lease_and_counts_the_attempt()
    {
        var document = Claimed();

        document.Status.ShouldBe(DocumentStatus.Processing);
        document.LeaseOwner.ShouldBe("worker-a");
        document.LeaseExpiresAt.ShouldBe(Now + Lease);
        document.Attempts.ShouldBe(1);
        document.IsHeldBy("worker-a").ShouldBeTrue();
        document.IsHeldBy("worker-b").ShouldBeFalse();
    }

    [Fact]
    public void A_live_lease_is_not_claimable_and_a_lapsed_one_is()
    {
        var document = Claimed();

        document.IsClaimable(Now + TimeSpan.FromSeconds(30)).ShouldBeFalse();
        Should.Throw<DomainRuleException>(() => document.Claim("worker-b", Now, Lease));
        document.IsClaimable(Now + Lease + TimeSpan.FromSeconds(1)).ShouldBeTrue();
        document.Claim("worker-b", Now + Lease + TimeSpan.FromSeconds(1), Lease);
        document.Attempts.ShouldBe(2);
        document.LeaseOwner.ShouldBe("worker-b");
    }

    [Fact]
    public void Only_the_holder_may_end_an_attempt()
    {
        var document = Claimed();

        Should.Throw<DomainRuleException>(() => document.MarkReady("worker-b", 1, 1, Now));
        Should.Throw<DomainRuleException>(() => document.Fail("worker-b", "no", Now));
        Should.Throw<DomainRuleException>(() => document.Release("worker-b", Now));
        document.Status.ShouldBe(DocumentStatus.Processing);
    }

    [Fact]
    public void Ready_records_counts_and_gives_up_the_lease()
    {
        var document = Claimed();

        document.MarkReady("worker-a", 4, 9, Now);

        document.Status.ShouldBe(DocumentStatus.Ready);
        (document.PageCount, document.ChunkCount).ShouldBe((4, 9));
        document.LeaseOwner.ShouldBeNull();
        document.ProcessedAt.ShouldBe(Now);
    }

    [Fact]
    public void A_transient_failure_is_retried_after_a_growing_delay_until_the_last_attempt_fails_for_good()
    {
        var document = Claimed();

        var first = document.FailAttempt("worker-a", "down", transient: true, Policy, random: 0, Now);
        first.ShouldBe(TimeSpan.FromSeconds(10));
        document.Status.ShouldBe(DocumentStatus.Pending);
        document.NextAttemptAt.ShouldBe(Now + TimeSpan.FromSeconds(10));
        document.Error.ShouldBe("Attempt 1 of 3 failed and will be retried: down");

        document.Claim("worker-a", document.NextAttemptAt, Lease);
        document.FailAttempt("worker-a", "down", transient: true, Policy, random: 0, Now).ShouldBe(TimeSpan.FromSeconds(40));
        document.Claim("worker-a", document.NextAttemptAt, Lease);
        document.FailAttempt("worker-a", "down", transient: true, Policy, random: 0, Now).ShouldBeNull();

        document.Status.ShouldBe(DocumentStatus.Failed);
        document.Error.ShouldBe("Processing failed after 3 attempts: down");
    }

    [Fact]
    public void A_permanent_failure_fails_at_once_and_jitter_stretches_a_delay_by_at_most_a_quarter()
    {
        var document = Claimed();

        document.FailAttempt("worker-a", "encrypted", transient: false, Policy, random: 0.5, Now).ShouldBeNull();

        document.Status.ShouldBe(DocumentStatus.Failed);
        document.Error.ShouldBe("encrypted");
        Policy.DelayAfter(1, 0.999).ShouldBeLessThan(TimeSpan.FromSeconds(12.5));
        Policy.DelayAfter(1, 0.999).ShouldBeGreaterThan(TimeSpan.FromSeconds(12.4));
    }

    [Fact]
    public void Releasing_gives_the_attempt_back_and_makes_the_document_due_at_once()
    {
        var document = Claimed();

        document.Release("worker-a", Now);

        document.Status.ShouldBe(DocumentStatus.Pending);
        document.Attempts.ShouldBe(0);
        document.IsClaimable(Now).ShouldBeTrue();
    }

    [Fact]
    public void Pending_and_processing_documents_can_be_cancelled_and_nothing_else()
    {
        var pending = Uploaded();
        pending.Cancel(Now);
        pending.Status.ShouldBe(DocumentStatus.Cancelled);
        pending.IsClaimable(Now.AddYears(1)).ShouldBeFalse();

        var processing = Claimed();
        processing.Cancel(Now);
        processing.Status.ShouldBe(DocumentStatus.Cancelled);
        processing.LeaseOwner.ShouldBeNull();
        processing.IsHeldBy("worker-a").ShouldBeFalse("the worker's later writes must find it gone");

        var ready = Claimed();
        ready.MarkReady("worker-a", 1, 1, Now);
        Should.Throw<DomainRuleException>(() => ready.Cancel(Now)).Message.ShouldContain("ready");
        Should.Throw<DomainRuleException>(() => pending.Cancel(Now));
    }

    [Fact]
    public void Failed_and_cancelled_documents_can_be_retried_with_a_fresh_count_and_nothing_else()
    {
        var failed = Claimed();
        failed.Fail("worker-a", "broken", Now);
        failed.Retry(Now);
        failed.Status.ShouldBe(DocumentStatus.Pending);
        failed.Error.ShouldBeNull();
        failed.Attempts.ShouldBe(0);
        failed.IsClaimable(Now).ShouldBeTrue();

        var cancelled = Uploaded();
        cancelled.Cancel(Now);
        cancelled.Retry(Now);
        cancelled.Status.ShouldBe(DocumentStatus.Pending);

        Should.Throw<DomainRuleException>(() => Uploaded().Retry(Now)).Message.ShouldContain("pending");
        Should.Throw<DomainRuleException>(() => Claimed().Retry(Now));
    }

    [Fact]
    public void A_document_claimed_again_after_its_last_attempt_has_exhausted_its_attempts()
    {
        var document = Uploaded();
        for (var attempt = 0; attempt <= Document.MaxAttempts; attempt++)
        {
            document.HasExhaustedAttempts.ShouldBeFalse();
            document.Claim("worker-a", Now.AddHours(attempt), Lease);
        }

        document.HasExhaustedAttempts.ShouldBeTrue();
    }

    [Fact]
    public void Progress_only_moves_forward_within_an_attempt_reaches_100_when_ready_and_restarts_with_the_next_attempt()
    {
        var document = Claimed();
        document.Stage.ShouldBe(DocumentStage.Extracting);

        document.ReportProgress("worker-a", DocumentStage.Embedding, 40, 4, Now);
        document.ReportProgress("worker-a", DocumentStage.Embedding, 30, 3, Now);
        document.ReportProgress("worker-a", DocumentStage.Extracting, 50, 5, Now);
        (document.Stage, document.ProgressPercent, document.PassagesDone).ShouldBe((DocumentStage.Embedding, 40, 4));

        document.ReportProgress("worker-a", DocumentStage.Indexing, 100, 10, Now);
        document.ProgressPercent.ShouldBe(99, "only a ready document is at 100");
        Should.Throw<DomainRuleException>(() => document.ReportProgress("worker-b", DocumentStage.Indexing, 99, 10, Now));

        document.FailAttempt("worker-a", "down", transient: true, Policy, random: 0, Now);
        (document.Stage, document.ProgressPercent, document.PassagesDone).ShouldBe((DocumentStage.Queued, 0, 0));

        document.Claim("worker-a", document.NextAttemptAt, Lease);
        document.MarkReady("worker-a", 1, 10, Now);
        (document.Stage, document.ProgressPercent, document.PassagesDone).ShouldBe((DocumentStage.Indexing, 100, 10));
    }

    [Fact]
    public void Each_ready_moves_the_document_onto_the_next_generation_and_a_reindex_keeps_the_one_it_serves()
    {
        var document = Uploaded();
        document.IndexGeneration.ShouldBe(0);
        document.IsIndexed.ShouldBeFalse();
        Should.Throw<DomainRuleException>(() => document.Reindex(Now)).Message.ShouldContain("pending");

        document.Claim("worker-a", Now, Lease);
        document.NextGeneration.ShouldBe(1);
        document.MarkReady("worker-a", 1, 3, Now);
        document.IndexGeneration.ShouldBe(1);

        document.Reindex(Now + TimeSpan.FromMinutes(1));
        document.Status.ShouldBe(DocumentStatus.Pending);
        document.Attempts.ShouldBe(0);
        document.Stage.ShouldBe(DocumentStage.Queued);
        document.IndexGeneration.ShouldBe(1, "the old passages serve until the new ones are ready");
        document.IsClaimable(Now + TimeSpan.FromMinutes(1)).ShouldBeTrue();
        Should.Throw<DomainRuleException>(() => document.Reindex(Now)).Message.ShouldContain("pending");

        document.Claim("worker-b", Now + TimeSpan.FromMinutes(1), Lease);
        document.NextGeneration.ShouldBe(2);
        document.Fail("worker-b", "model down", Now);
        document.IndexGeneration.ShouldBe(1, "a failed re-index leaves the generation that serves");
        document.CanBeReindexed.ShouldBeTrue();

        document.Reindex(Now + TimeSpan.FromMinutes(2));
        document.Claim("worker-c", Now + TimeSpan.FromMinutes(2), Lease);
        document.MarkReady("worker-c", 1, 4, Now + TimeSpan.FromMinutes(3));
        document.IndexGeneration.ShouldBe(2);
    }

    [Fact]
    public void Text_served_early_becomes_the_ready_generation_and_a_cancel_failure_or_retry_withdraws_it()
    {
        var served = Claimed();
        served.ServeFullText("worker-a", 3, 5, 10, Now);
        (served.Status, served.Stage, served.IndexGeneration, served.ServesTextOnly, served.IsIndexed).ShouldBe((DocumentStatus.Processing, DocumentStage.Embedding, 1, true, true));
        served.NextGeneration.ShouldBe(1, "the attempt writes the generation it already serves");
        served.MarkReady("worker-a", 3, 5, Now);
        (served.IndexGeneration, served.ServesTextOnly).ShouldBe((1, false));

        var cancelled = Claimed();
        cancelled.ServeFullText("worker-a", null, 5, 10, Now);
        cancelled.Cancel(Now);
        (cancelled.IndexGeneration, cancelled.ServesTextOnly, cancelled.ChunkCount, cancelled.IsIndexed).ShouldBe((0, false, null, false));

        var failed = Claimed();
        failed.ServeFullText("worker-a", null, 5, 10, Now);
        failed.FailAttempt("worker-a", "no", transient: true, Policy, 0.5, Now).ShouldNotBeNull();
        (failed.Status, failed.IsIndexed).ShouldBe((DocumentStatus.Pending, false));

        var released = Claimed();
        released.ServeFullText("worker-a", null, 5, 10, Now);
        released.Release("worker-a", Now);
        (released.IndexGeneration, released.ServesTextOnly).ShouldBe((1, true), "handed back as the server stops, the next attempt writes over it");
    }

    [Fact]
    public void A_document_that_serves_a_complete_generation_may_not_serve_new_text_early()
    {
        var document = Claimed();
        document.MarkReady("worker-a", 1, 1, Now);
        document.Reindex(Now);
        document.Claim("worker-a", Now, Lease);

        document.MayServeTextEarly.ShouldBeFalse();
        Should.Throw<DomainRuleException>(() => document.ServeFullText("worker-a", 1, 1, 10, Now));
        (document.IndexGeneration, document.NextGeneration).ShouldBe((1, 2));
    }
}
