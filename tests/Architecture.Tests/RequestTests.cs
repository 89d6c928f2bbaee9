using System.Reflection;
using Mediator;
using Planck.Application.Chat.Conversations.Queries.GetConversation;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Behaviours;
using Planck.Application.Databases.Commands;
using Planck.Application.Identity.Commands.CreateUser;
using Planck.Application.Identity.Commands.Login;
using Planck.Application.Identity.Queries.GetCurrentUser;
using Planck.Application.Workspaces.Queries.GetWorkspace;
using Planck.Domain.Identity;

namespace Planck.Architecture.Tests;

/// <summary>Rules every Mediator request (command or query) of the product follows.</summary>
public sealed class RequestTests
{
    /// <summary>
    /// Every concrete request type in the product's assemblies. Notifications are not requests: they are
    /// published from inside a handler that already passed authorization, and no pipeline behaviour sees them.
    /// </summary>
    private static readonly Type[] Requests = Assemblies.All
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false } && (typeof(IMessage).IsAssignableFrom(t) || typeof(IStreamMessage).IsAssignableFrom(t)) && !typeof(INotification).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void The_request_scan_finds_the_known_requests()
    {
        Requests.ShouldNotBeEmpty();
        Requests.ShouldContain(typeof(CreateUserCommand));
        Requests.ShouldContain(typeof(LoginCommand));
        Requests.ShouldContain(typeof(GetCurrentUserQuery));
        Requests.ShouldContain(typeof(GetWorkspaceQuery));
        Requests.Length.ShouldBeGreaterThanOrEqualTo(20, string.Join(", ", Requests.Select(t => t.Name)));
    }

    [Fact]
    public void Every_request_declares_who_may_send_it()
    {
        var offenders = Requests.Where(t => AuthorizationRequirements.For(t).DeclaresNothing).Select(Name).ToList();

        offenders.ShouldBeEmpty(
            "These requests declare no authorization rule, so the pipeline refuses them: add [AllowAnonymousRequest], " +
            "[RequireAuthenticated], [RequireRole], [RequireSession], IWorkspaceScoped, IDocumentScoped or IConversationScoped. " + string.Join(", ", offenders));
    }

    [Fact]
    public void An_anonymous_request_declares_nothing_else()
    {
        // AllowAnonymousRequest short-circuits every other check, so a role or session next to it would be silently ignored.
        var offenders = Requests
            .Where(t => AuthorizationRequirements.For(t) is { AllowsAnonymous: true } r
                && (r.RequiresAuthentication || r.RequiredRole is not null || r.RequiresSession || r.IsWorkspaceScoped || r.IsDocumentScoped
                    || r.IsConversationScoped))
            .Select(Name)
            .ToList();

        offenders.ShouldBeEmpty("[AllowAnonymousRequest] combined with another requirement: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_fail_closed_check_recognises_a_request_that_declares_nothing()
    {
        AuthorizationRequirements.For(typeof(UndeclaredRequest)).DeclaresNothing.ShouldBeTrue();
    }

    [Fact]
    public void Every_request_about_one_conversation_is_checked_for_its_owner()
    {
        // A request that names a conversation but is only workspace-scoped would show a member someone else's conversation.
        var offenders = Requests
            .Where(t => t.GetProperty("ConversationId") is not null && !AuthorizationRequirements.For(t).IsConversationScoped)
            .Select(Name)
            .ToList();

        Requests.ShouldContain(typeof(GetConversationQuery));
        offenders.ShouldBeEmpty("These requests name a conversation but are not IConversationScoped: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_request_is_a_record()
    {
        var offenders = Requests.Where(t => !IsRecord(t)).Select(Name).ToList();

        offenders.ShouldBeEmpty("Commands and queries are immutable records; these are not: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_request_is_sealed()
    {
        var offenders = Requests.Where(t => !t.IsSealed).Select(Name).ToList();

        offenders.ShouldBeEmpty("These requests are not sealed: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_record_check_tells_records_from_classes()
    {
        IsRecord(typeof(UndeclaredRequest)).ShouldBeTrue();
        IsRecord(typeof(NotARecordRequest)).ShouldBeFalse();
    }

    [Fact]
    public void Every_request_is_a_command_or_a_query()
    {
        // The transaction behaviour wraps commands and lets queries through; a plain IRequest would write without a transaction.
        // A streaming request (a question) is the exception: it saves in steps (the question before the model is asked,
        // the answer when the stream ends), which no one transaction can span.
        var offenders = Requests
            .Where(t => !typeof(IBaseCommand).IsAssignableFrom(t) && !typeof(IBaseQuery).IsAssignableFrom(t) && !typeof(IBaseStreamRequest).IsAssignableFrom(t))
            .Select(Name)
            .ToList();

        offenders.ShouldBeEmpty("These requests are neither ICommand nor IQuery: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Commands_and_queries_are_named_for_what_they_are()
    {
        var offenders = Requests
            .Where(t => (typeof(IBaseCommand).IsAssignableFrom(t) && !t.Name.EndsWith("Command", StringComparison.Ordinal))
                || (typeof(IBaseQuery).IsAssignableFrom(t) && !t.Name.EndsWith("Query", StringComparison.Ordinal)))
            .Select(Name)
            .ToList();

        offenders.ShouldBeEmpty("Commands end in Command and queries in Query: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_admin_command_is_audited_in_its_transaction_or_records_its_entry_itself()
    {
        // The behaviour records IAuditedCommand after the handler, inside the transaction; a command without a
        // transaction must record its entry explicitly before its SaveChanges (listed here, checked by their tests).
        string[] recordExplicitly = [nameof(ConnectDatabaseCommand), nameof(UpdateDatabaseCommand), nameof(RefreshDatabaseCommand)];
        var adminCommands = Requests.Where(t => typeof(IBaseCommand).IsAssignableFrom(t) && AuthorizationRequirements.For(t).RequiredRole == Role.Admin).ToList();
        adminCommands.ShouldContain(typeof(CreateUserCommand));

        var unaudited = adminCommands.Where(t => !IsAudited(t) && !recordExplicitly.Contains(t.Name)).Select(Name).ToList();
        unaudited.ShouldBeEmpty("Admin commands must be audited: implement IAuditedCommand<TResponse>. " + string.Join(", ", unaudited));

        var withoutTransaction = Requests.Where(t => IsAudited(t) && typeof(IRunsWithoutTransaction).IsAssignableFrom(t)).Select(Name).ToList();
        withoutTransaction.ShouldBeEmpty("An IAuditedCommand would be recorded after a commit it does not share: " + string.Join(", ", withoutTransaction));
        IsAudited(typeof(CreateUserCommand)).ShouldBeTrue("the check sees the audit interface");
    }

    private static bool IsAudited(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAuditedCommand<>));

    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
        && type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static string Name(Type type) => type.FullName ?? type.Name;

    // Test-only types to show that the checks above can fail. They live in the test assembly, outside the scan.
    public sealed record UndeclaredRequest : ICommand;

    [RequireAuthenticated]
    public sealed class NotARecordRequest : IQuery<int>;
}
