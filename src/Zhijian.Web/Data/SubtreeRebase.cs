using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Data;

/// <summary>
/// The one UPDATE every feature runs when a subtree moves: rows whose denormalized organization path lies under the old
/// prefix get the new prefix (<c>SET path = @new || substr(path, @cut + 1)</c>, a range scan on the path's index).
/// </summary>
public static class SubtreeRebase
{
    /// <summary>Rewrites <paramref name="path"/> of the rows of <paramref name="rows"/> under <paramref name="oldPrefix"/>.</summary>
    public static Task<int> RebasePathAsync<T>(this IQueryable<T> rows, Expression<Func<T, string>> path, string oldPrefix,
        string newPrefix, CancellationToken ct)
    {
        var value = Rebased(path, newPrefix, oldPrefix.Length);
        return rows.Where(TreePath.In(path, oldPrefix)).ExecuteUpdateAsync(s => s.SetProperty(path, value), ct);
    }

    private static readonly System.Reflection.MethodInfo SubstringMethod =
        typeof(string).GetMethod(nameof(string.Substring), [typeof(int)])!;

    private static readonly System.Reflection.MethodInfo ConcatMethod =
        typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)])!;

    /// <summary><c>x =&gt; newPrefix + path(x).Substring(cut)</c>, with both values sent as parameters (closures), not literals.</summary>
    private static Expression<Func<T, string>> Rebased<T>(Expression<Func<T, string>> path, string newPrefix, int cut)
    {
        Expression<Func<string>> prefix = () => newPrefix;
        Expression<Func<int>> length = () => cut;
        var tail = Expression.Call(path.Body, SubstringMethod, length.Body);
        return Expression.Lambda<Func<T, string>>(Expression.Call(ConcatMethod, prefix.Body, tail), path.Parameters);
    }
}
