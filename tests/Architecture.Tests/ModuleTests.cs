using NetArchTest.Rules;

namespace Planck.Architecture.Tests;

/// <summary>A module reaches another only through the other's Application requests or published events.</summary>
public sealed class ModuleTests
{
    [Theory]
    [InlineData("Domain", "Planck.Domain.Workspaces", "Planck.Domain.Identity")]
    [InlineData("Domain", "Planck.Domain.Identity", "Planck.Domain.Workspaces")]
    [InlineData("Application", "Planck.Application.Workspaces", "Planck.Application.Identity")]
    [InlineData("Application", "Planck.Application.Identity", "Planck.Application.Workspaces")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Workspaces", "Planck.Infrastructure.Identity")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Identity", "Planck.Infrastructure.Workspaces")]
    [InlineData("Domain", "Planck.Domain.Documents", "Planck.Domain.Identity")]
    [InlineData("Domain", "Planck.Domain.Documents", "Planck.Domain.Workspaces")]
    [InlineData("Application", "Planck.Application.Workspaces", "Planck.Application.Documents")]
    [InlineData("Application", "Planck.Application.Identity", "Planck.Application.Documents")]
    [InlineData("Application", "Planck.Application.Documents", "Planck.Application.Identity")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Documents", "Planck.Infrastructure.Identity")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Documents", "Planck.Infrastructure.Workspaces")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Workspaces", "Planck.Infrastructure.Documents")]
    [InlineData("Domain", "Planck.Domain.Chat", "Planck.Domain.Identity")]
    [InlineData("Domain", "Planck.Domain.Chat", "Planck.Domain.Workspaces")]
    [InlineData("Domain", "Planck.Domain.Chat", "Planck.Domain.Documents")]
    [InlineData("Application", "Planck.Application.Chat", "Planck.Application.Identity")]
    [InlineData("Application", "Planck.Application.Chat", "Planck.Application.Workspaces")]
    [InlineData("Application", "Planck.Application.Documents", "Planck.Application.Chat")]
    [InlineData("Application", "Planck.Application.Workspaces", "Planck.Application.Chat")]
    [InlineData("Application", "Planck.Application.Identity", "Planck.Application.Chat")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Chat", "Planck.Infrastructure.Documents")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Chat", "Planck.Infrastructure.Identity")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Chat", "Planck.Infrastructure.Workspaces")]
    [InlineData("Infrastructure", "Planck.Infrastructure.Documents", "Planck.Infrastructure.Chat")]
    [InlineData("Domain", "Planck.Domain.Databases", "Planck.Domain.Identity")]
    [InlineData("Domain", "Planck.Domain.Databases", "Planck.Domain.Documents")]
    [InlineData("Domain", "Planck.Domain.Databases", "Planck.Domain.Chat")]
    [InlineData("Application", "Planck.Application.Databases", "Planck.Application.Identity")]
    [InlineData("Application", "Planck.Application.Databases", "Planck.Application.Workspaces")]
    [InlineData("Application", "Planck.Application.Databases", "Planck.Application.Documents")]
    [InlineData("Application", "Planck.Application.Documents", "Planck.Application.Databases")]
    [InlineData("Application", "Planck.Application.Chat", "Planck.Application.Databases")]
    public void A_module_does_not_reach_into_another(string layer, string module, string otherModule)
    {
        var assembly = Assemblies.Named(layer);
        Types.InAssembly(assembly).That().ResideInNamespace(module).GetTypes()
            .ShouldNotBeEmpty($"{module} has no types, so the rule would pass without checking anything");

        Types.InAssembly(assembly).That().ResideInNamespace(module)
            .ShouldNot().HaveDependencyOn(otherModule).GetResult()
            .ShouldPass($"{module} must not depend on {otherModule}");
    }

    [Fact]
    public void The_dependency_checker_sees_dependencies_between_namespaces_of_one_assembly()
    {
        Types.InAssembly(Assemblies.Application).That().ResideInNamespace("Planck.Application.Workspaces")
            .And().HaveDependencyOn("Planck.Domain.Workspaces").GetTypes()
            .ShouldNotBeEmpty();
        Types.InAssembly(Assemblies.Application).That().ResideInNamespace("Planck.Application.Identity")
            .And().HaveDependencyOn("Planck.Application.Common.Authorization").GetTypes()
            .ShouldNotBeEmpty();
    }
}
