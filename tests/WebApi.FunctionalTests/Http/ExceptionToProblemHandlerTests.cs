using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Planck.WebApi.Http;

namespace Planck.WebApi.FunctionalTests.Http;

/// <summary>Failures that cannot be provoked through the API on demand, mapped directly.</summary>
public sealed class ExceptionToProblemHandlerTests
{
    [Fact]
    public async Task A_transient_database_failure_is_503_with_retry_after()
    {
        var context = await HandleAsync(new InvalidOperationException("wrapped", new TransientDbException()));

        context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        context.Response.Headers.RetryAfter.ToString().ShouldBe("1");
        (await ReadDetailAsync(context)).ShouldContain("temporarily", Case.Insensitive, customMessage: null);
    }

    [Fact]
    public async Task An_unexpected_failure_is_500_with_a_trace_id_and_no_internals()
    {
        var context = await HandleAsync(new InvalidOperationException("connection string Password=secret leaked?"));

        context.Response.StatusCode.ShouldBe(StatusCodes.Status500InternalServerError);
        var body = await ReadBodyAsync(context);
        body.GetProperty("detail").GetString().ShouldBe("Internal server error");
        body.TryGetProperty("trace_id", out _).ShouldBeTrue();
        body.ToString().ShouldNotContain("secret");
    }

    private static async Task<DefaultHttpContext> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handled = await new ExceptionToProblemHandler(NullLogger<ExceptionToProblemHandler>.Instance)
            .TryHandleAsync(context, exception, CancellationToken.None);
        handled.ShouldBeTrue();
        return context;
    }

    private static async Task<JsonElement> ReadBodyAsync(DefaultHttpContext context)
    {
        context.Response.Body.Position = 0;
        return (await JsonDocument.ParseAsync(context.Response.Body)).RootElement;
    }

    private static async Task<string> ReadDetailAsync(DefaultHttpContext context) =>
        (await ReadBodyAsync(context)).GetProperty("detail").GetString()!;

    private sealed class TransientDbException : DbException
    {
        public override bool IsTransient => true;
    }
}
