namespace Planck.WebApi.Endpoints;

// Request bodies as clients send them. Every field is nullable so that a missing field reaches the validators
// and comes back as a named 400, instead of failing inside the JSON reader.
public sealed record LoginRequest(string? Email, string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record NewApiKeyRequest(string? Name, DateTimeOffset? ExpiresAt);

public sealed record CreateUserRequest(string? Email, string? Password, string? FullName, string? Role);

/// <summary><c>restore_keys</c>: with <c>"is_active": true</c>, keep the keys the user held before deactivation usable.</summary>
public sealed record UpdateUserRequest(string? FullName, string? Role, bool? IsActive, bool? RestoreKeys);

public sealed record WorkspaceRequest(string? Name, string? Description);

public sealed record AddMembersRequest(IReadOnlyList<Guid>? UserIds);

/// <summary>The chat body of the hosted API: <c>{"message", "settings": {"chat_metadata": {...}}, "stream"}</c>.</summary>
public sealed record ChatRequest(string? Message, ChatRequestSettings? Settings, bool? Stream);

public sealed record ChatRequestSettings(ChatMetadata? ChatMetadata);

/// <summary><c>documents</c> is keyed by file name, as clients of the hosted API send it; only the ids matter here.</summary>
public sealed record ChatMetadata(Dictionary<string, ChatReference?>? Documents, ChatReference? Database);

public sealed record ChatReference(string? Id);

public sealed record ConnectDatabaseRequest(string? Name, string? Type, string? ConnectionString, string? Description);

/// <summary>Each field left out stays as it is; <c>connection_string</c> replaces the secret (read through first).</summary>
public sealed record UpdateDatabaseRequest(string? Name, string? Description, string? ConnectionString);

/// <summary>The body of <c>POST /admin/reindex</c>: one workspace, or every one when absent.</summary>
public sealed record ReindexRequest(Guid? WorkspaceId);
