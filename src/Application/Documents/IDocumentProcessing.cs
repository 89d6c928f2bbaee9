namespace Planck.Application.Documents;

/// <summary>The background processing's levers that requests pull: wake a worker, stop work on a deleted document.</summary>
public interface IDocumentProcessing
{
    /// <summary>A document became pending; a local worker should look now rather than at its next poll.</summary>
    void DocumentQueued();

    /// <summary>The document was deleted; processing of it on this node stops at once (other nodes notice at their next lease renewal).</summary>
    void CancelProcessing(Guid documentId);
}
