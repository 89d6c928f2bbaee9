using Mediator;
using NSubstitute;
using Planck.Application.Chat.Conversations;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Behaviours;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents.Access;
using Planck.Application.Workspaces.Access;
using Planck.Domain.Identity;

namespace Planck.Application.UnitTests.Behaviours;

public sealed class AuthorizationBehaviourTests
{
    private const string HandlerAnswer = "handled";

    private readonly CurrentUser _currentUser = new();
    private readonly IWorkspaceAccess _workspaceAccess = Substitute.For<IWorkspaceAccess>();
    private readonly IDocumentLocator _documentLocator = Substitute.For<IDocumentLocator>();
    private readonly IConversationLocator _conversationLocator = Substitute.For<IConversationLocator>();

    [Fact]
    public async Task A_command_that_declares_nothing_is_refused_even_for_an_admin()
    {
        _currentUser.Caller = Caller(Role.Admin, AuthenticationMethod.Session);
        var next = new NextSpy<UndeclaredCommand, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<ForbiddenException>(() => Handle(new UndeclaredCommand(), next));

        ex.GetType().ShouldBe(typeof(ForbiddenException));
        ex.Message.ShouldContain(nameof(UndeclaredCommand));
        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_query_that_declares_nothing_is_refused_even_for_the_server_itself()
    {
        _currentUser.Caller = Application.Common.Abstractions.Caller.System;
        var next = new NextSpy<UndeclaredQuery, string>(HandlerAnswer);

        await Should.ThrowAsync<ForbiddenException>(() => Handle(new UndeclaredQuery(), next));

        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_request_that_declares_nothing_is_refused_without_a_caller_too()
    {
        var next = new NextSpy<UndeclaredCommand, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<ForbiddenException>(() => Handle(new UndeclaredCommand(), next));

        ex.GetType().ShouldBe(typeof(ForbiddenException));
        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task An_anonymous_request_runs_without_a_caller()
    {
        var next = new NextSpy<AnonymousCommand, string>(HandlerAnswer);
        var command = new AnonymousCommand();

        var answer = await Handle(command, next);

        answer.ShouldBe(HandlerAnswer);
        next.Messages.ShouldHaveSingleItem().ShouldBeSameAs(command);
    }

    [Fact]
    public async Task An_authenticated_request_runs_for_an_active_user()
    {
        _currentUser.Caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        var next = new NextSpy<AuthenticatedQuery, string>(HandlerAnswer);

        var answer = await Handle(new AuthenticatedQuery(), next);

        answer.ShouldBe(HandlerAnswer);
        next.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task An_authenticated_request_without_a_caller_is_unauthenticated()
    {
        var next = new NextSpy<AuthenticatedQuery, string>(HandlerAnswer);

        await Should.ThrowAsync<UnauthenticatedException>(() => Handle(new AuthenticatedQuery(), next));

        next.Calls.ShouldBe(0);
    }

    [Theory]
    [InlineData(Role.User)]
    [InlineData(Role.Admin)]
    public async Task An_inactive_caller_is_unauthenticated(Role role)
    {
        _currentUser.Caller = Caller(role, AuthenticationMethod.Session, isActive: false);
        var authenticated = new NextSpy<AuthenticatedQuery, string>(HandlerAnswer);
        var admin = new NextSpy<AdminCommand, string>(HandlerAnswer);

        await Should.ThrowAsync<UnauthenticatedException>(() => Handle(new AuthenticatedQuery(), authenticated));
        await Should.ThrowAsync<UnauthenticatedException>(() => Handle(new AdminCommand(), admin));

        authenticated.Calls.ShouldBe(0);
        admin.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task Role_session_and_workspace_requests_without_a_caller_are_unauthenticated()
    {
        var admin = new NextSpy<AdminCommand, string>(HandlerAnswer);
        var session = new NextSpy<SessionCommand, string>(HandlerAnswer);
        var workspace = new NextSpy<WorkspaceQuery, string>(HandlerAnswer);

        await Should.ThrowAsync<UnauthenticatedException>(() => Handle(new AdminCommand(), admin));
        await Should.ThrowAsync<UnauthenticatedException>(() => Handle(new SessionCommand(), session));
        await Should.ThrowAsync<UnauthenticatedException>(() => Handle(new WorkspaceQuery(Guid.NewGuid()), workspace));

        (admin.Calls + session.Calls + workspace.Calls).ShouldBe(0);
        await _workspaceAccess.DidNotReceiveWithAnyArgs().CanAccessAsync(default!, default, default);
    }

    [Fact]
    public async Task An_admin_only_request_from_a_user_is_forbidden()
    {
        _currentUser.Caller = Caller(Role.User, AuthenticationMethod.Session);
        var next = new NextSpy<AdminCommand, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<ForbiddenException>(() => Handle(new AdminCommand(), next));

        ex.Message.ShouldContain("Admin");
        next.Calls.ShouldBe(0);
    }

    [Theory]
    [InlineData(AuthenticationMethod.ApiKey)]
    [InlineData(AuthenticationMethod.Session)]
    public async Task An_admin_only_request_from_an_admin_runs(AuthenticationMethod method)
    {
        _currentUser.Caller = Caller(Role.Admin, method);
        var next = new NextSpy<AdminCommand, string>(HandlerAnswer);

        (await Handle(new AdminCommand(), next)).ShouldBe(HandlerAnswer);

        next.Calls.ShouldBe(1);
    }

    [Theory]
    [InlineData(Role.User)]
    [InlineData(Role.Admin)]
    public async Task A_session_only_request_sent_with_an_api_key_needs_a_session(Role role)
    {
        _currentUser.Caller = Caller(role, AuthenticationMethod.ApiKey);
        var next = new NextSpy<SessionCommand, string>(HandlerAnswer);

        await Should.ThrowAsync<SessionRequiredException>(() => Handle(new SessionCommand(), next));

        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_session_only_request_sent_with_a_session_runs()
    {
        _currentUser.Caller = Caller(Role.User, AuthenticationMethod.Session);
        var next = new NextSpy<SessionCommand, string>(HandlerAnswer);

        (await Handle(new SessionCommand(), next)).ShouldBe(HandlerAnswer);

        next.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_workspace_request_from_someone_without_access_is_not_found()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        _currentUser.Caller = caller;
        var workspaceId = Guid.NewGuid();
        _workspaceAccess.CanAccessAsync(caller, workspaceId, Arg.Any<CancellationToken>()).Returns(false);
        var next = new NextSpy<WorkspaceQuery, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Handle(new WorkspaceQuery(workspaceId), next));

        ex.Message.ShouldBe("Workspace not found.");
        next.Calls.ShouldBe(0);
        await _workspaceAccess.Received(1).CanAccessAsync(caller, workspaceId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_workspace_request_from_someone_with_access_runs()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        _currentUser.Caller = caller;
        var workspaceId = Guid.NewGuid();
        _workspaceAccess.CanAccessAsync(caller, workspaceId, Arg.Any<CancellationToken>()).Returns(true);
        var next = new NextSpy<WorkspaceQuery, string>(HandlerAnswer);

        var answer = await Handle(new WorkspaceQuery(workspaceId), next);

        answer.ShouldBe(HandlerAnswer);
        next.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task Workspace_access_is_checked_for_the_workspace_the_request_names()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        _currentUser.Caller = caller;
        var allowed = Guid.NewGuid();
        _workspaceAccess.CanAccessAsync(caller, allowed, Arg.Any<CancellationToken>()).Returns(true);
        var next = new NextSpy<WorkspaceQuery, string>(HandlerAnswer);

        await Should.ThrowAsync<NotFoundException>(() => Handle(new WorkspaceQuery(Guid.NewGuid()), next));

        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task Workspace_access_is_not_consulted_for_requests_that_are_not_workspace_scoped()
    {
        _currentUser.Caller = Caller(Role.Admin, AuthenticationMethod.ApiKey);

        await Handle(new AdminCommand(), new NextSpy<AdminCommand, string>(HandlerAnswer));

        await _workspaceAccess.DidNotReceiveWithAnyArgs().CanAccessAsync(default!, default, default);
    }

    [Fact]
    public void Requirements_are_read_from_the_request_type()
    {
        AuthorizationRequirements.For(typeof(UndeclaredCommand)).DeclaresNothing.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(AnonymousCommand)).AllowsAnonymous.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(AuthenticatedQuery)).RequiresAuthentication.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(AdminCommand)).RequiredRole.ShouldBe(Role.Admin);
        AuthorizationRequirements.For(typeof(SessionCommand)).RequiresSession.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(WorkspaceQuery)).IsWorkspaceScoped.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(WorkspaceQuery)).DeclaresNothing.ShouldBeFalse();
        AuthorizationRequirements.For(typeof(DocumentQuery)).IsDocumentScoped.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(DocumentQuery)).DeclaresNothing.ShouldBeFalse();
        AuthorizationRequirements.For(typeof(ConversationQuery)).IsConversationScoped.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(ConversationQuery)).IsWorkspaceScoped.ShouldBeTrue();
        AuthorizationRequirements.For(typeof(ConversationQuery)).DeclaresNothing.ShouldBeFalse();
        AuthorizationRequirements.For(typeof(WorkspaceQuery)).IsConversationScoped.ShouldBeFalse();
    }

    [Fact]
    public async Task A_document_in_a_workspace_the_caller_cannot_see_is_not_found()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        _currentUser.Caller = caller;
        var documentId = Guid.NewGuid();
        var workspaceId = Guid.NewGuid();
        _documentLocator.WorkspaceOfAsync(documentId, Arg.Any<CancellationToken>()).Returns(workspaceId);
        _workspaceAccess.CanAccessAsync(caller, workspaceId, Arg.Any<CancellationToken>()).Returns(false);
        var next = new NextSpy<DocumentQuery, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Handle(new DocumentQuery(documentId), next));

        ex.Message.ShouldBe(DocumentAccessRule.DocumentNotFound);
        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_document_that_does_not_exist_is_not_found_the_same_way()
    {
        _currentUser.Caller = Caller(Role.Admin, AuthenticationMethod.ApiKey);
        _documentLocator.WorkspaceOfAsync(Arg.Any<Guid>(), Arg.Any<CancellationToken>()).Returns((Guid?)null);
        var next = new NextSpy<DocumentQuery, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Handle(new DocumentQuery(Guid.NewGuid()), next));

        ex.Message.ShouldBe(DocumentAccessRule.DocumentNotFound);
        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_member_reaches_a_document_of_their_workspace()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        _currentUser.Caller = caller;
        var documentId = Guid.NewGuid();
        var workspaceId = Guid.NewGuid();
        _documentLocator.WorkspaceOfAsync(documentId, Arg.Any<CancellationToken>()).Returns(workspaceId);
        _workspaceAccess.CanAccessAsync(caller, workspaceId, Arg.Any<CancellationToken>()).Returns(true);
        var next = new NextSpy<DocumentQuery, string>(HandlerAnswer);

        (await Handle(new DocumentQuery(documentId), next)).ShouldBe(HandlerAnswer);
        next.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task The_owner_reaches_their_conversation()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        var (workspaceId, conversationId) = ConversationOwnedBy(caller.UserId, caller);
        var next = new NextSpy<ConversationQuery, string>(HandlerAnswer);

        (await Handle(new ConversationQuery(workspaceId, conversationId), next)).ShouldBe(HandlerAnswer);

        next.Calls.ShouldBe(1);
    }

    [Theory]
    [InlineData(Role.User)]
    [InlineData(Role.Admin)]
    public async Task Someone_elses_conversation_is_not_found_even_for_an_admin_with_workspace_access(Role role)
    {
        var caller = Caller(role, AuthenticationMethod.Session);
        var (workspaceId, conversationId) = ConversationOwnedBy(Guid.NewGuid(), caller);
        var next = new NextSpy<ConversationQuery, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Handle(new ConversationQuery(workspaceId, conversationId), next));

        ex.Message.ShouldBe(ConversationAccessRule.ConversationNotFound);
        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_conversation_missing_from_the_named_workspace_is_not_found_the_same_way()
    {
        var (workspaceId, conversationId) = ConversationOwnedBy(null, Caller(Role.User, AuthenticationMethod.ApiKey));
        var next = new NextSpy<ConversationQuery, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Handle(new ConversationQuery(workspaceId, conversationId), next));

        ex.Message.ShouldBe(ConversationAccessRule.ConversationNotFound);
        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task The_owner_is_looked_up_in_the_workspace_the_request_names()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        var (_, conversationId) = ConversationOwnedBy(caller.UserId, caller);
        var otherWorkspace = Guid.NewGuid();
        _workspaceAccess.CanAccessAsync(caller, otherWorkspace, Arg.Any<CancellationToken>()).Returns(true);
        var next = new NextSpy<ConversationQuery, string>(HandlerAnswer);

        await Should.ThrowAsync<NotFoundException>(() => Handle(new ConversationQuery(otherWorkspace, conversationId), next));

        next.Calls.ShouldBe(0);
        await _conversationLocator.Received(1).OwnerOfAsync(otherWorkspace, conversationId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_non_member_is_told_only_that_the_workspace_is_not_found()
    {
        var caller = Caller(Role.User, AuthenticationMethod.ApiKey);
        var (workspaceId, conversationId) = ConversationOwnedBy(caller.UserId, caller);
        _workspaceAccess.CanAccessAsync(caller, workspaceId, Arg.Any<CancellationToken>()).Returns(false);
        var next = new NextSpy<ConversationQuery, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<NotFoundException>(() => Handle(new ConversationQuery(workspaceId, conversationId), next));

        ex.Message.ShouldBe(WorkspaceAccessRule.WorkspaceNotFound);
        next.Calls.ShouldBe(0);
        await _conversationLocator.DidNotReceiveWithAnyArgs().OwnerOfAsync(default, default, default);
    }

    [Fact]
    public async Task A_conversation_request_without_a_caller_is_unauthenticated()
    {
        var next = new NextSpy<ConversationQuery, string>(HandlerAnswer);

        await Should.ThrowAsync<UnauthenticatedException>(() => Handle(new ConversationQuery(Guid.NewGuid(), Guid.NewGuid()), next));

        next.Calls.ShouldBe(0);
        await _conversationLocator.DidNotReceiveWithAnyArgs().OwnerOfAsync(default, default, default);
    }

    /// <summary>
    /// Makes <paramref name="caller"/> the current caller with access to a new workspace holding a conversation of
    /// <paramref name="ownerId"/> (none at all when null).
    /// </summary>
    private (Guid WorkspaceId, Guid ConversationId) ConversationOwnedBy(Guid? ownerId, Caller caller)
    {
        _currentUser.Caller = caller;
        var workspaceId = Guid.NewGuid();
        var conversationId = Guid.NewGuid();
        _workspaceAccess.CanAccessAsync(caller, workspaceId, Arg.Any<CancellationToken>()).Returns(true);
        _conversationLocator.OwnerOfAsync(workspaceId, conversationId, Arg.Any<CancellationToken>()).Returns(ownerId);
        return (workspaceId, conversationId);
    }

    private Task<string> Handle<TMessage>(TMessage message, NextSpy<TMessage, string> next)
        where TMessage : notnull, IMessage =>
        new AuthorizationBehaviour<TMessage, string>(new RequestAuthorizer(_currentUser,
            [new WorkspaceAccessRule(_workspaceAccess), new DocumentAccessRule(_documentLocator, _workspaceAccess), new ConversationAccessRule(_conversationLocator)]))
            .Handle(message, next.Delegate, CancellationToken.None).AsTask();

    private static Caller Caller(Role role, AuthenticationMethod method, bool isActive = true) =>
        new(Guid.NewGuid(), "someone@example.com", "Someone", role, isActive, DateTimeOffset.UnixEpoch, method, Guid.NewGuid());
}
