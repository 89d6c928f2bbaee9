namespace Planck.Domain.Identity;

public enum Role
{
    User = 0,
    Admin = 1,
}
