namespace Zhijian.E2E.Infrastructure;

/// <summary>Paths in the source tree the tests write to.</summary>
public static class Repository
{
    /// <summary>The folder holding Zhijian.slnx, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>docs/screenshots: the screens committed as evidence of how the console looks.</summary>
    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhijian.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Zhijian.slnx not found above {AppContext.BaseDirectory}");
    }
}
