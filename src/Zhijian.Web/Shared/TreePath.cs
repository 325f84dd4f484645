using System.Globalization;
using System.Linq.Expressions;

namespace Zhijian.Web.Shared;

/// <summary>
/// Materialized paths of the organization tree (<c>/1/17/403/</c>) and the subtree range test
/// <c>prefix &lt;= path &lt; upper</c>, a plain B-tree range scan on both providers.
/// </summary>
public static class TreePath
{
    /// <summary>Path of a child with <paramref name="id"/> under <paramref name="parentPath"/> (null for a root).</summary>
    public static string Child(string? parentPath, long id) =>
        (parentPath ?? "/") + id.ToString(CultureInfo.InvariantCulture) + "/";

    /// <summary>The exclusive upper bound of a subtree: the prefix with its final '/' replaced by '0'.</summary>
    public static string Upper(string prefix) => prefix[..^1] + "0";

    /// <summary>Ancestor ids from the root down to the node itself.</summary>
    public static long[] Ids(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Depth of a path: 0 for a root.</summary>
    public static int Depth(string path) => path.Count(c => c == '/') - 2;

    /// <summary>Whether <paramref name="path"/> lies in the subtree at <paramref name="prefix"/> (itself included).</summary>
    public static bool IsWithin(string path, string prefix) => path.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The path of a node of a subtree moved from <paramref name="oldPrefix"/> to <paramref name="newPrefix"/> (what the move's UPDATE computes in SQL).</summary>
    public static string Rebase(string path, string oldPrefix, string newPrefix) =>
        IsWithin(path, oldPrefix)
            ? newPrefix + path[oldPrefix.Length..]
            : throw new ArgumentException($"{path} is not under {oldPrefix}", nameof(path));

    /// <summary>
    /// A predicate "path lies in any of these subtrees", built as OR-ed range tests that EF Core
    /// translates to <c>path &gt;= @p AND path &lt; @u</c>.
    /// </summary>
    public static Expression<Func<T, bool>> InAny<T>(Expression<Func<T, string>> path, IReadOnlyCollection<string> prefixes)
    {
        var parameter = path.Parameters[0];
        Expression? body = null;
        foreach (var prefix in prefixes)
        {
            var range = Expression.AndAlso(
                Compare(path.Body, prefix, ExpressionType.GreaterThanOrEqual),
                Compare(path.Body, Upper(prefix), ExpressionType.LessThan));
            body = body is null ? range : Expression.OrElse(body, range);
        }

        return Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(false), parameter);
    }

    /// <summary>A predicate "path lies in the subtree at prefix".</summary>
    public static Expression<Func<T, bool>> In<T>(Expression<Func<T, string>> path, string prefix) =>
        InAny(path, [prefix]);

    private static readonly System.Reflection.MethodInfo CompareMethod =
        typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private static BinaryExpression Compare(Expression left, string value, ExpressionType op)
    {
        // Wrap the value in a closure so that EF Core sends it as a parameter, not a literal.
        Expression<Func<string>> holder = () => value;
        var call = Expression.Call(CompareMethod, left, holder.Body);
        return Expression.MakeBinary(op, call, Expression.Constant(0));
    }
}
