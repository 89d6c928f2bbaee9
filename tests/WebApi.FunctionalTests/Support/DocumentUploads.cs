using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>Multipart uploads as integrations send them: workspace_id first, then the file.</summary>
public static class DocumentUploads
{
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid workspaceId, string fileName, byte[] content) =>
        client.PostAsync("/api/v1/documents/", Form(workspaceId.ToString(), fileName, content));

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid workspaceId, string fileName, string text) =>
        client.UploadAsync(workspaceId, fileName, Encoding.UTF8.GetBytes(text));

    public static async Task<DocumentResponse> UploadOkAsync(this HttpClient client, Guid workspaceId, string fileName, string text) =>
        await (await client.UploadAsync(workspaceId, fileName, text)).ShouldBeAsync<DocumentResponse>(HttpStatusCode.Accepted);

    public static MultipartFormDataContent Form(string? workspaceId, string fileName, byte[] content)
    {
        var form = new MultipartFormDataContent();
        if (workspaceId is not null)
        {
            form.Add(new StringContent(workspaceId), "workspace_id");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    /// <summary>Waits until background processing has finished with the document, whichever way it ended.</summary>
    public static async Task<DocumentResponse> WaitUntilProcessedAsync(this HttpClient client, Guid documentId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var document = await (await client.GetAsync($"/api/v1/documents/{documentId}")).ShouldBeAsync<DocumentResponse>(HttpStatusCode.OK);
            if (document.Status is "ready" or "failed" or "cancelled")
            {
                return document;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Document {documentId} is still {document.Status}.");
            }

            await Task.Delay(100);
        }
    }
}
