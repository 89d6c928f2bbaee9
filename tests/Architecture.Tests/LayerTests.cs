using NetArchTest.Rules;

namespace Planck.Architecture.Tests;

/// <summary>WebApi → Application → Domain, and Infrastructure implements Application's interfaces.</summary>
public sealed class LayerTests
{
    [Theory]
    [InlineData("Planck.Application")]
    [InlineData("Planck.Infrastructure")]
    [InlineData("Planck.WebApi")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Mediator")]
    [InlineData("FluentValidation")]
    [InlineData("Ardalis.Specification")]
    [InlineData("Riok.Mapperly")]
    public void Domain_knows_nothing_outside_itself(string forbidden)
    {
        Types.InAssembly(Assemblies.Domain).ShouldNot().HaveDependencyOn(forbidden).GetResult()
            .ShouldPass($"Planck.Domain must not depend on {forbidden}");
    }

    [Theory]
    [InlineData("Planck.Infrastructure")]
    [InlineData("Planck.WebApi")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Microsoft.EntityFrameworkCore.Sqlite")]
    public void Application_does_not_depend_on_infrastructure_or_the_host(string forbidden)
    {
        Types.InAssembly(Assemblies.Application).ShouldNot().HaveDependencyOn(forbidden).GetResult()
            .ShouldPass($"Planck.Application must not depend on {forbidden}");
    }

    [Fact]
    public void Infrastructure_does_not_depend_on_the_host()
    {
        Types.InAssembly(Assemblies.Infrastructure).ShouldNot().HaveDependencyOn("Planck.WebApi").GetResult()
            .ShouldPass("Planck.Infrastructure must not depend on Planck.WebApi");
    }

    [Theory]
    [InlineData("Planck.Infrastructure.Persistence")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    public void Endpoints_reach_the_database_only_through_application_requests(string forbidden)
    {
        Types.InAssembly(Assemblies.WebApi).That().ResideInNamespace("Planck.WebApi.Endpoints")
            .ShouldNot().HaveDependencyOn(forbidden).GetResult()
            .ShouldPass($"Planck.WebApi.Endpoints must not depend on {forbidden}");
    }

    /// <summary>
    /// The rules above pass when the checker sees no dependency at all; these show it does see the real ones,
    /// so a passing rule means something.
    /// </summary>
    [Theory]
    [InlineData("Application", "Planck.Domain")]
    [InlineData("Application", "Mediator")]
    [InlineData("Application", "FluentValidation")]
    [InlineData("Infrastructure", "Planck.Application")]
    [InlineData("Infrastructure", "Microsoft.EntityFrameworkCore")]
    [InlineData("WebApi", "Planck.Infrastructure")]
    [InlineData("WebApi", "Microsoft.AspNetCore")]
    public void The_dependency_checker_sees_real_dependencies(string layer, string dependency)
    {
        Types.InAssembly(Assemblies.Named(layer)).That().HaveDependencyOn(dependency).GetTypes()
            .ShouldNotBeEmpty($"{layer} is known to use {dependency}");
    }
}
