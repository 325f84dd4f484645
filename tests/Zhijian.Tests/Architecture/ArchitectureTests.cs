using AwesomeAssertions;
using NetArchTest.Rules;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Architecture;

/// <summary>The rooms of DESIGN.md stay rooms.</summary>
public class ArchitectureTests
{
    private static Types Web => Types.InAssembly(typeof(Organization).Assembly);

    [Fact]
    public void Features_UseComponents_OnlyInPages()
    {
        var result = Web.That().ResideInNamespaceStartingWith("Zhijian.Web.Features")
            .And().DoNotResideInNamespaceEndingWith(".Pages")
            .ShouldNot().HaveDependencyOn("Microsoft.AspNetCore.Components")
            .GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Organizations_ReachMembersAndCadres_OnlyThroughTheirPlacementServices()
    {
        // The tree feature may call MembershipPlacement / PositionPlacement, never touch Membership, Person or Position rows.
        var result = Web.That().ResideInNamespace("Zhijian.Web.Features.Organizations")
            .ShouldNot().HaveDependencyOnAny(
                "Zhijian.Web.Features.Members.Membership", "Zhijian.Web.Features.Members.Person",
                "Zhijian.Web.Features.Cadres.Position")
            .GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Features_WriteTheAuditLog_OnlyThroughAuditLog()
    {
        var result = Web.That().ResideInNamespaceStartingWith("Zhijian.Web.Features")
            .And().DoNotResideInNamespace("Zhijian.Web.Features.Audit")
            .ShouldNot().HaveDependencyOn("Zhijian.Web.Features.Audit.AuditEvent")
            .GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Features_DoNotDependOnTheCommandLine()
    {
        var result = Web.That().ResideInNamespaceStartingWith("Zhijian.Web.Features")
            .ShouldNot().HaveDependencyOn("Zhijian.Web.Cli").GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }
}
