namespace Planck.Domain.Workspaces;

public sealed class Workspace
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;

    private readonly List<WorkspaceMember> _members = [];

    private Workspace()
    {
        Name = string.Empty;
        Description = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyCollection<WorkspaceMember> Members => _members;

    public static Workspace Create(string name, string? description, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            Name = name.Trim(),
            Description = description?.Trim() ?? string.Empty,
            CreatedAt = now,
        };

    public void Rename(string name) => Name = name.Trim();

    public void Describe(string? description) => Description = description?.Trim() ?? string.Empty;

    /// <summary>Adds the user unless already a member; returns whether anything changed.</summary>
    public bool AddMember(Guid userId, DateTimeOffset now)
    {
        if (_members.Exists(m => m.UserId == userId))
        {
            return false;
        }

        _members.Add(new WorkspaceMember(Id, userId, now));
        return true;
    }

    public bool RemoveMember(Guid userId) => _members.RemoveAll(m => m.UserId == userId) > 0;
}
