using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Zhijian.Tests.Architecture;

/// <summary>
/// The type dependencies of Zhijian.Web read from its IL with Mono.Cecil (which NetArchTest.Rules brings): signatures,
/// attributes, locals and every type, method or field an instruction names, generic arguments included. Nested and
/// compiler-generated types (lambdas, async state machines, razor render code) count as their outermost type.
/// </summary>
public sealed class TypeGraph
{
    public const string FeaturesPrefix = "Zhijian.Web.Features.";

    // ZHIJIAN_ARCH_ASSEMBLY points the rules at another build of Zhijian.Web (e.g. main's, to see them fail before a fix).
    private static readonly Lazy<TypeGraph> Loaded = new(() => new TypeGraph(
        Environment.GetEnvironmentVariable("ZHIJIAN_ARCH_ASSEMBLY") is { Length: > 0 } other
            ? other
            : typeof(Zhijian.Web.Shared.Hosting).Assembly.Location));

    private TypeGraph(string path)
    {
        using var module = ModuleDefinition.ReadModule(path);
        foreach (var type in module.Types.SelectMany(Flatten))
        {
            var owner = Outermost(type).FullName;
            var uses = Uses.TryGetValue(owner, out var u) ? u : Uses[owner] = [];
            foreach (var used in Referenced(type))
            {
                uses.Add(used);
            }

            var calls = CallsOf.TryGetValue(owner, out var c) ? c : CallsOf[owner] = [];
            var strings = StringsOf.TryGetValue(owner, out var t) ? t : StringsOf[owner] = [];
            foreach (var operand in type.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions).Select(i => i.Operand))
            {
                switch (operand)
                {
                    case MethodReference m:
                        calls.Add(new Call(m.DeclaringType is GenericInstanceType dt ? dt.ElementType.FullName : m.DeclaringType.FullName,
                            m.DeclaringType is GenericInstanceType gt ? [.. gt.GenericArguments.Select(a => a.FullName)] : [],
                            m.Name, m is GenericInstanceMethod gm ? [.. gm.GenericArguments.Select(a => a.FullName)] : []));
                        break;
                    case string text:
                        strings.Add(text);
                        break;
                }
            }
        }

        foreach (var uses in Uses.Values)
        {
            uses.RemoveWhere(u => !u.StartsWith("Zhijian.Web.", StringComparison.Ordinal));
        }
    }

    public static TypeGraph Web => Loaded.Value;

    /// <summary>Every top-level type of Zhijian.Web → the Zhijian.Web types it uses (outermost full names).</summary>
    public Dictionary<string, HashSet<string>> Uses { get; } = [];

    /// <summary>Every top-level type → the methods its IL calls (or takes the token of), with their generic arguments.</summary>
    public Dictionary<string, List<Call>> CallsOf { get; } = [];

    /// <summary>Every top-level type → the string literals in its IL (raw SQL among them).</summary>
    public Dictionary<string, List<string>> StringsOf { get; } = [];

    /// <summary>The feature a type belongs to (<c>Features.X</c> and <c>Features.X.Pages</c> are X), or null outside Features.</summary>
    public static string? FeatureOf(string fullName)
    {
        if (!fullName.StartsWith(FeaturesPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = fullName[FeaturesPrefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot];
    }

    /// <summary>
    /// Feature → feature arrows with one example each (user type → used type), ignoring the uses of <paramref name="exempt"/>
    /// types and the uses of <paramref name="vocabulary"/> types.
    /// </summary>
    public Dictionary<(string From, string To), string> FeatureArrows(IReadOnlySet<string> exempt, IReadOnlySet<string> vocabulary)
    {
        var arrows = new Dictionary<(string, string), string>();
        foreach (var (user, used) in Uses)
        {
            if (exempt.Contains(user) || FeatureOf(user) is not { } from)
            {
                continue;
            }

            foreach (var target in used.Where(u => !vocabulary.Contains(u)).Order(StringComparer.Ordinal))
            {
                if (FeatureOf(target) is { } to && to != from)
                {
                    arrows.TryAdd((from, to), $"{user} → {target}");
                }
            }
        }

        return arrows;
    }

    private static IEnumerable<TypeDefinition> Flatten(TypeDefinition type) => type.NestedTypes.SelectMany(Flatten).Prepend(type);

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<string> Names(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                yield break;
            case GenericInstanceType g:
                foreach (var n in Names(g.ElementType).Concat(g.GenericArguments.SelectMany(Names)))
                {
                    yield return n;
                }

                yield break;
            case TypeSpecification s:
                foreach (var n in Names(s.ElementType))
                {
                    yield return n;
                }

                yield break;
            default:
                yield return Outermost(type).FullName;
                yield break;
        }
    }

    private static IEnumerable<string> Names(MethodReference m)
    {
        var names = Names(m.DeclaringType).Concat(Names(m.ReturnType)).Concat(m.Parameters.SelectMany(p => Names(p.ParameterType)));
        return m is GenericInstanceMethod g ? names.Concat(g.GenericArguments.SelectMany(Names)) : names;
    }

    private static IEnumerable<string> Attributes(ICustomAttributeProvider p) =>
        p.HasCustomAttributes
            ? p.CustomAttributes.SelectMany(a => Names(a.AttributeType)
                .Concat(a.ConstructorArguments.Select(x => x.Value).OfType<TypeReference>().SelectMany(Names)))
            : [];

    private static IEnumerable<string> Referenced(TypeDefinition type)
    {
        var names = Names(type.BaseType)
            .Concat(type.Interfaces.SelectMany(i => Names(i.InterfaceType)))
            .Concat(Attributes(type))
            .Concat(type.GenericParameters.SelectMany(g => g.Constraints.SelectMany(c => Names(c.ConstraintType))))
            .Concat(type.Fields.SelectMany(f => Names(f.FieldType).Concat(Attributes(f))))
            .Concat(type.Properties.SelectMany(p => Names(p.PropertyType).Concat(Attributes(p))))
            .Concat(type.Events.SelectMany(e => Names(e.EventType)));
        foreach (var method in type.Methods)
        {
            names = names.Concat(Names(method)).Concat(Attributes(method))
                .Concat(method.Parameters.SelectMany(Attributes));
            if (!method.HasBody)
            {
                continue;
            }

            names = names.Concat(method.Body.Variables.SelectMany(v => Names(v.VariableType)))
                .Concat(method.Body.ExceptionHandlers.SelectMany(h => Names(h.CatchType)))
                .Concat(method.Body.Instructions.SelectMany(Operand));
        }

        return names;
    }

    private static IEnumerable<string> Operand(Instruction i) => i.Operand switch
    {
        TypeReference t => Names(t),
        MethodReference m => Names(m),
        FieldReference f => Names(f.DeclaringType).Concat(Names(f.FieldType)),
        _ => [],
    };
}

/// <summary>A method named in IL: its declaring type (open generic name), the type's and the method's generic arguments.</summary>
public sealed record Call(string DeclaringType, string[] TypeArguments, string Name, string[] MethodArguments);
