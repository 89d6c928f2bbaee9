using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planck.Application.Chat.Answering;
using Planck.Application.Chat.Answering.Context;
using Planck.Application.Chat.Conversations;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Chat;

public static class ChatRegistration
{
    /// <summary>The Chat module's services besides its handlers: settings, the conversation rule, answering and its document source.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddOptions<ChatSettings>().BindConfiguration(ChatSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChatSettings>>().Value);
        services.AddScoped<IConversationLocator, ConversationLocator>();
        services.AddScoped<IAccessRule, ConversationAccessRule>();
        services.AddSingleton<ConversationTitler>();
        services.AddScoped<ConversationTurns>();
        services.AddScoped<Resuming.AnswerStreamRecorder>();
        services.AddSingleton<AnswerConcurrencyLimiter>();
        services.AddScoped<ContextRouter>();
        services.AddScoped<IContextSource, DocumentPassagesSource>();
        services.AddSingleton<IWorkspaceGlossary, NoWorkspaceGlossary>();
        return services;
    }
}
