using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Planck.Application.Common.Exceptions;
using Planck.Application.Common.Paging;
using Planck.Application.Documents;
using Planck.Application.Documents.Commands.CancelDocument;
using Planck.Application.Documents.Commands.DeleteDocument;
using Planck.Application.Documents.Commands.RetryDocument;
using Planck.Application.Documents.Commands.UploadDocument;
using Planck.Application.Documents.Queries.GetDocument;
using Planck.Application.Documents.Queries.GetDocumentContent;
using Planck.Application.Documents.Queries.ListDocuments;
using Planck.Application.Documents.Queries.SearchWorkspace;
using Planck.Application.Documents.Queries.WatchDocuments;

namespace Planck.WebApi.Endpoints;

public static class DocumentEndpoints
{
    /// <summary>Room for the multipart boundaries, headers and the workspace_id field around the file itself.</summary>
    private const long MultipartOverheadBytes = 64 * 1024;

    private const string PdfContentType = "application/pdf";

    private static readonly TimeSpan EventsKeepAlive = TimeSpan.FromSeconds(15);

    public const string FormRequired = "The request must be multipart/form-data with the fields workspace_id and file.";

    public static void Map(RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/documents").WithTags("Documents");
        documents.MapGet("", ListDocuments);
        documents.MapPost("", UploadDocument).Accepts<IFormFile>("multipart/form-data");
        documents.MapGet("/events", WatchDocuments).Produces<DocumentDto>(StatusCodes.Status200OK, "text/event-stream");
        documents.MapGet("/{documentId}", GetDocument);
        documents.MapGet("/{documentId}/content", GetDocumentContent);
        documents.MapDelete("/{documentId}", DeleteDocument);
        documents.MapPost("/{documentId}/cancel", CancelDocument);
        documents.MapPost("/{documentId}/retry", RetryDocument);

        api.MapGet("/workspaces/{workspaceId}/search", Search).WithTags("Documents");
    }

    public static async Task<Ok<Page<DocumentDto>>> ListDocuments(
        [FromQuery(Name = "workspace_id")] Guid? workspaceId, ISender sender, CancellationToken cancellationToken, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(
            new ListDocumentsQuery(workspaceId ?? throw new RequestValidationException("workspace_id", "workspace_id is required."), limit ?? Paging.DefaultLimit, offset ?? 0),
            cancellationToken));

    /// <summary>
    /// Reads the multipart body section by section instead of binding a form, so the file streams straight to
    /// storage and a 100 MB upload never sits in memory. Only a form that puts the file before workspace_id has its
    /// file kept in a self-deleting temporary file until the workspace is known.
    /// </summary>
    public static async Task<Accepted<DocumentDto>> UploadDocument(
        HttpRequest request, ISender sender, IOptions<DocumentUploadOptions> options, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        try
        {
            return await ReadUploadAsync(request, sender, maxBytes, cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            await UploadOverLimit.DiscardRestAsync(request, maxBytes + MultipartOverheadBytes, cancellationToken);
            throw;
        }
    }

    private static async Task<Accepted<DocumentDto>> ReadUploadAsync(HttpRequest request, ISender sender, long maxBytes, CancellationToken cancellationToken)
    {
        var bodyBytes = maxBytes + MultipartOverheadBytes;
        if (request.ContentLength > bodyBytes)
        {
            throw new PayloadTooLargeException(UploadDocumentHandler.TooLarge(maxBytes));
        }

        // Kestrel's own limit leaves room past ours, so that after our 413 the rest of the body can still be read and discarded.
        UploadOverLimit.AllowDiscarding(request, bodyBytes);

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new RequestValidationException("file", FormRequired);
        }

        var bounded = new UploadOverLimit.BoundedBody(request.Body, bodyBytes, UploadDocumentHandler.TooLarge(maxBytes));
        var reader = new MultipartReader(boundary, bounded) { BodyLengthLimit = bodyBytes };
        Guid? workspaceId = null;
        (FileStream Content, string Name)? staged = null;
        try
        {
            while (await ReadNextSectionAsync(reader, cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (field == "file" && staged is null)
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "document";
                    var body = new MultipartSectionStream(section.Body);
                    if (workspaceId is { } known)
                    {
                        // The usual order: the file streams straight to storage.
                        return await UploadAsync(sender, known, fileName, body, cancellationToken);
                    }

                    // The file came first: keep it aside (on disk, never in memory) until the form names the workspace.
                    staged = (await StageAsync(body, maxBytes, cancellationToken), fileName);
                }
                else if (field == "workspace_id")
                {
                    workspaceId = Guid.TryParse(await ReadSmallFieldAsync(new MultipartSectionStream(section.Body), cancellationToken), out var parsed)
                        ? parsed
                        : throw new RequestValidationException("workspace_id", "workspace_id must be a UUID.");
                }
            }

            return (staged, workspaceId) switch
            {
                ({ } file, { } workspace) => await UploadAsync(sender, workspace, file.Name, file.Content, cancellationToken),
                (null, null) => throw new RequestValidationException("file", FormRequired),
                (null, _) => throw new RequestValidationException("file", "file is required: the document to upload."),
                _ => throw new RequestValidationException("workspace_id", "workspace_id is required: the workspace to upload into."),
            };
        }
        finally
        {
            if (staged is { } file)
            {
                await file.Content.DisposeAsync();
            }
        }
    }

    private static async Task<Accepted<DocumentDto>> UploadAsync(ISender sender, Guid workspaceId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var document = await sender.Send(new UploadDocumentCommand(workspaceId, fileName, content, null), cancellationToken);
        return TypedResults.Accepted($"/api/v1/documents/{document.Id}", document);
    }

    /// <summary>A temporary file that deletes itself when closed, filled from the part and stopped at the upload limit.</summary>
    private static async Task<FileStream> StageAsync(Stream part, long maxBytes, CancellationToken cancellationToken)
    {
        var staged = new FileStream(
            Path.Combine(Path.GetTempPath(), "planck-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await part.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (staged.Length + read > maxBytes)
                {
                    throw new PayloadTooLargeException(UploadDocumentHandler.TooLarge(maxBytes));
                }

                await staged.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            staged.Position = 0;
            return staged;
        }
        catch
        {
            await staged.DisposeAsync();
            throw;
        }
    }

    public static async Task<Ok<DocumentDto>> GetDocument(Guid documentId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetDocumentQuery(documentId), cancellationToken));

    /// <summary>
    /// The original bytes, never sniffed and always under a sandbox with no sources, so an uploaded HTML file can
    /// never run as a page of the server's origin. A PDF opens inline so the web app can link a citation to
    /// <c>#page=N</c> (Chromium's viewer shows it under the sandbox); every other type is an attachment.
    /// </summary>
    public static async Task<FileStreamHttpResult> GetDocumentContent(Guid documentId, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var content = await sender.Send(new GetDocumentContentQuery(documentId), cancellationToken);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        response.RegisterForDisposeAsync(content.Content);
        string? downloadName = content.Name;
        if (string.Equals(content.ContentType, PdfContentType, StringComparison.OrdinalIgnoreCase))
        {
            var inline = new ContentDispositionHeaderValue("inline");
            inline.SetHttpFileName(content.Name);
            response.Headers.ContentDisposition = inline.ToString();
            downloadName = null;
        }

        return TypedResults.Stream(
            content.Content, content.ContentType, downloadName, entityTag: new EntityTagHeaderValue($"\"{content.Sha256}\""), enableRangeProcessing: true);
    }

    public static async Task<NoContent> DeleteDocument(Guid documentId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteDocumentCommand(documentId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Server-Sent Events: a <c>document</c> event with the document object at each change of its status or progress,
    /// from any node, and a comment line every <see cref="EventsKeepAlive"/> so proxies keep an idle stream open.
    /// The workspace is checked first, so an outsider gets the usual 404 before the stream starts.
    /// </summary>
    public static async Task WatchDocuments(
        [FromQuery(Name = "workspace_id")] Guid? workspaceId, HttpContext context, ISender sender, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var cancellationToken = context.RequestAborted;
        var workspace = workspaceId ?? throw new RequestValidationException("workspace_id", "workspace_id is required.");
        _ = await sender.Send(new ListDocumentsQuery(workspace, 1, 0), cancellationToken);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
        await using var events = sender.CreateStream(new WatchDocumentsQuery(workspace), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var next = events.MoveNextAsync().AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, Task.Delay(EventsKeepAlive, cancellationToken)) != next)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                await response.WriteAsync("event: document\ndata: " + JsonSerializer.Serialize(events.Current, json.Value.SerializerOptions) + "\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
    }

    /// <summary>Pending or processing → cancelled, with nothing of it left in the index; 409 with the reason from any other state.</summary>
    public static async Task<Ok<DocumentDto>> CancelDocument(Guid documentId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new CancelDocumentCommand(documentId), cancellationToken));

    /// <summary>Failed or cancelled → pending; 409 with the reason from any other state.</summary>
    public static async Task<Ok<DocumentDto>> RetryDocument(Guid documentId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new RetryDocumentCommand(documentId), cancellationToken));

    /// <summary><c>document_ids</c> may repeat or be comma-separated.</summary>
    public static async Task<Ok<Page<SearchResultDto>>> Search(
        Guid workspaceId, HttpRequest request, ISender sender, CancellationToken cancellationToken, string? q = null, int? limit = null)
    {
        var documentIds = new List<Guid>();
        foreach (var value in request.Query["document_ids"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            documentIds.Add(Guid.TryParse(value, out var id) ? id : throw new RequestValidationException("document_ids", $"document_ids must be UUIDs; got \"{Truncate(value)}\"."));
        }

        return TypedResults.Ok(await sender.Send(
            new SearchWorkspaceQuery(workspaceId, q ?? string.Empty, documentIds, limit ?? SearchWorkspaceQuery.DefaultLimit), cancellationToken));
    }

    /// <summary>A body that ends before its closing boundary is the client's fault, not the server's.</summary>
    private static async Task<MultipartSection?> ReadNextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RequestValidationException("file", MultipartSectionStream.Malformed);
        }
    }

    private static async Task<string> ReadSmallFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[128];
        var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == buffer.Length && await body.ReadAsync(new byte[1], cancellationToken) > 0)
        {
            throw new RequestValidationException("workspace_id", "workspace_id must be a UUID.");
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
