using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AwesomeAssertions;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Architecture;

/// <summary>
/// No method in <c>Features/</c> (outside <c>Pages/</c>) grows past <see cref="MaxLines"/> lines: a long operation becomes a
/// use case (request, validation, handler) and entity methods. Lengths come from the portable PDB beside Zhijian.Web.dll:
/// the lines from a method's first to its last sequence point (async and iterator bodies are measured in their state
/// machine, lambdas as methods of their own), so formatting, comments before a method and multi-line signatures don't
/// count and nothing parses C#.
/// </summary>
public class MethodLengthTests
{
    public const int MaxLines = 60;

    /// <summary>
    /// Methods allowed over the limit, each with its reason: only generated code belongs here (none today); the list may
    /// only shrink.
    /// </summary>
    private static readonly Dictionary<string, string> Allowed = new();

    [Fact]
    public void Features_HaveNoMethodOverTheLimit()
    {
        var tooLong = Measure()
            .Where(m => m.Lines > MaxLines && !Allowed.ContainsKey(m.Name))
            .Select(m => $"{m.Name} ({m.File}:{m.FirstLine}): {m.Lines} lines")
            .ToList();

        tooLong.Should().BeEmpty($"methods in Features/ should have at most {MaxLines} lines; split them into use cases and entity methods");
    }

    [Fact]
    public void AllowList_NamesOnlyMethodsThatAreStillLong()
    {
        // A row whose method was split (or renamed) must go, so the list only ever shrinks.
        var longOnes = Measure().Where(m => m.Lines > MaxLines).Select(m => m.Name).ToHashSet();
        Allowed.Keys.Where(k => !longOnes.Contains(k)).Should().BeEmpty();
    }

    [Fact]
    public void Measure_SeesTheFeatureMethods()
    {
        // Guards the measuring itself: if the PDB were missing or its paths changed, the first test would pass vacuously.
        var methods = Measure();
        methods.Should().Contain(m => m.Name == "OrganizationService.CreateAsync" && m.Lines > 10);
        methods.Select(m => m.File).Should().NotContain(f => f.Contains("/Pages/", StringComparison.Ordinal));
    }

    public sealed record MethodSpan(string Name, string File, int FirstLine, int Lines);

    /// <summary>Every method of Zhijian.Web whose source lies in Features/ but not in Pages/, with its span of lines.</summary>
    public static List<MethodSpan> Measure()
    {
        var assembly = typeof(Organization).Assembly.Location;
        var pdbPath = Path.ChangeExtension(assembly, ".pdb");
        File.Exists(pdbPath).Should().BeTrue($"the portable PDB of Zhijian.Web should lie beside it ({pdbPath})");
        using var peStream = File.OpenRead(assembly);
        using var pe = new PEReader(peStream);
        var metadata = pe.GetMetadataReader();
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdbPath));
        var pdb = pdbProvider.GetMetadataReader();

        var spans = new Dictionary<string, MethodSpan>();
        foreach (var handle in pdb.MethodDebugInformation)
        {
            var points = pdb.GetMethodDebugInformation(handle).GetSequencePoints().Where(p => !p.IsHidden).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var file = pdb.GetString(pdb.GetDocument(points[0].Document).Name).Replace('\\', '/');
            var inFeatures = file.Contains("/Features/", StringComparison.Ordinal) && file.EndsWith(".cs", StringComparison.Ordinal)
                && !file.Contains("/Pages/", StringComparison.Ordinal);
            if (!inFeatures)
            {
                continue;
            }

            var ownPoints = points.Where(p => p.Document == points[0].Document).ToList();
            var first = ownPoints.Min(p => p.StartLine);
            var last = ownPoints.Max(p => p.EndLine);
            var name = NameOf(metadata, handle.ToDefinitionHandle());
            if (name.EndsWith(".cctor", StringComparison.Ordinal) || name.EndsWith(".ctor", StringComparison.Ordinal))
            {
                // A constructor's sequence points include the field initializers wherever they stand in the class
                // (tables of data, not code); entity constructors only assign their parameters.
                continue;
            }

            var span = new MethodSpan(name, file[(file.IndexOf("/Features/", StringComparison.Ordinal) + 1)..], first, last - first + 1);

            // Overloads and a method's lambdas share a name: keep the longest.
            if (!spans.TryGetValue(name, out var known) || known.Lines < span.Lines)
            {
                spans[name] = span;
            }
        }

        return [.. spans.Values];
    }

    /// <summary>
    /// <c>Type.Method</c> as written in the source: a state machine's <c>MoveNext</c> (<c>&lt;CreateAsync&gt;d__3</c>) and a
    /// lambda (<c>&lt;MapX&gt;b__0_1</c> in a closure class) are named after the method that declares them.
    /// </summary>
    private static string NameOf(MetadataReader md, MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        var methodName = md.GetString(method.Name);
        var type = md.GetTypeDefinition(method.GetDeclaringType());
        while (md.GetString(type.Name).StartsWith('<') && !type.GetDeclaringType().IsNil)
        {
            var generated = md.GetString(type.Name);
            if (methodName == "MoveNext" || methodName.StartsWith('<'))
            {
                methodName = SourceName(generated.StartsWith("<>", StringComparison.Ordinal) ? methodName : generated);
            }

            type = md.GetTypeDefinition(type.GetDeclaringType());
        }

        return $"{md.GetString(type.Name)}.{SourceName(methodName)}";
    }

    private static string SourceName(string name)
    {
        // <Method>d__3, <Method>b__0_1, <Method>g__Local|2_0, and an async lambda's <<Method>b__0_1>d.
        var trimmed = name.TrimStart('<');
        return trimmed.Length < name.Length && trimmed.IndexOf('>', StringComparison.Ordinal) is > 0 and var end
            ? trimmed[..end]
            : name;
    }
}
