namespace Zhijian.Bench;

/// <summary>The four figures of one page site: the service with its count, the page query alone, the count alone, raw SQL.</summary>
public sealed record PageFigures(string Site, int Orgs, long Members, Stats Service, Stats PageOnly, Stats CountOnly, Stats Raw);

/// <summary>The same page site with an extra <c>("SortName","Id")</c> index.</summary>
public sealed record WhatIfFigures(string Site, Stats PageOnly, Stats Raw);

/// <summary>Everything one run measured, filled in step by step.</summary>
public sealed class Results
{
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public TimeSpan Duration { get; set; }

    // Environment.
    public string PostgresVersion { get; set; } = "";
    public List<(string Name, string Value)> Settings { get; } = [];
    public string Machine { get; set; } = "";
    public string Runtime { get; set; } = "";
    public int[] LevelSizes { get; set; } = [];
    public List<(string Table, long Bytes)> TableSizes { get; } = [];

    // a. Seed.
    public double GenerateSeconds { get; set; }
    public double CopySeconds { get; set; }
    public double SeedSeconds { get; set; }
    public double RebuildSeconds { get; set; }
    public double AnalyzeSeconds { get; set; }
    public double VacuumSeconds { get; set; }

    // Sites.
    public long RootId { get; set; }
    public string RootPath { get; set; } = "";
    public long RootMembers { get; set; }
    public long CommitteeMembers { get; set; }
    public int CommitteeCount { get; set; }
    public int BranchSample { get; set; }
    public double BranchMembers { get; set; }

    // b. Headline counts.
    public Stats? HeadRoot { get; set; }
    public Stats? HeadBranch { get; set; }
    public Stats? BareRoot { get; set; }
    public Stats? BareBranch { get; set; }
    public Stats? CountRoot { get; set; }
    public Stats? CountBranch { get; set; }

    // c. Pages.
    public List<PageFigures> Pages { get; } = [];

    // d. Move.
    public double SubtreeSeedSeconds { get; set; }
    public int MovedOrgs { get; set; }
    public long MovedMembers { get; set; }
    public List<double> MoveMs { get; } = [];
    public double MoveLoad { get; set; } = double.NaN;
    public Stats? MoveRaw { get; set; }
    public List<double> MoveRawMs { get; } = [];
    public List<string> Checks { get; } = [];

    // What if: a ("SortName","Id") index.
    public double IndexBuildSeconds { get; set; }
    public List<WhatIfFigures> WhatIf { get; } = [];

    // EXPLAIN (ANALYZE, BUFFERS) texts.
    public List<(string Title, string Plan)> Plans { get; } = [];
}
