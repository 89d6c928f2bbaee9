using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Chat.Conversations;

public static class ConversationsRegistration
{
    /// <summary>What conversation requests need besides their handlers: the owner check of <see cref="IConversationScoped"/> and the titler.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddScoped<IConversationLocator, ConversationLocator>();
        services.AddSingleton<ConversationTitler>();
        return services;
    }
}
