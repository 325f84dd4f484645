using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Data.Demo;

/// <summary>What a bulk seed wrote.</summary>
public sealed record BulkSeedResult(int Organizations, long Memberships, TimeSpan Elapsed, long RootId);

/// <summary>
/// <c>seed --orgs N --members M</c>: a tree of N organizations (six levels, branches at the bottom)
/// with M memberships spread over its branches, for benchmarks. PostgreSQL gets binary COPY;
/// SQLite gets batched inserts. Counters are rebuilt at the end.
/// </summary>
public sealed class BulkSeeder(ZhijianDbContext db, CounterRebuilder rebuilder)
{
    private static readonly string[] Regions = ["370102", "110105", "440106", "510104", "330106", "420106", "320102", "610113"];
    private const int BirthDays = 15_000;

    public async Task<BulkSeedResult> SeedAsync(int orgCount, long memberCount, int seed = 1, CancellationToken ct = default)
    {
        if (orgCount < 2)
        {
            throw new ArgumentException("--orgs must be at least 2");
        }

        var watch = Stopwatch.StartNew();
        var firstOrg = (await db.Organizations.MaxAsync(o => (long?)o.Id, ct) ?? 0) + 1;
        var firstPerson = (await db.Persons.MaxAsync(p => (long?)p.Id, ct) ?? 0) + 1;
        var firstMember = (await db.Memberships.MaxAsync(m => (long?)m.Id, ct) ?? 0) + 1;
        var orgs = BuildTree(orgCount, firstOrg);
        var branches = orgs.Where(o => o.Kind == OrgKind.Branch).ToArray();
        var people = People(memberCount, firstPerson, firstMember, branches, seed);
        if (db.IsPostgres)
        {
            await CopyAsync(orgs, people, loadingEmptyTables: firstOrg == 1 && firstPerson == 1 && firstMember == 1, ct);
        }
        else
        {
            await InsertAsync(orgs, people, ct);
        }

        await rebuilder.RebuildAllAsync(ct);
        return new BulkSeedResult(orgs.Count, memberCount, watch.Elapsed, firstOrg);
    }

    /// <summary>Six levels: committees, a general-branch level, branches at the bottom; fan-out N^(1/5).</summary>
    public static List<Organization> BuildTree(int n, long firstId)
    {
        var fanOut = Math.Max(2, (int)Math.Ceiling(Math.Pow(n, 1.0 / 5)));
        var levelSizes = new List<int> { 1 };
        var total = 1;
        while (total < n)
        {
            var next = (int)Math.Min((long)levelSizes[^1] * fanOut, n - total);
            levelSizes.Add(next);
            total += next;
        }

        var last = levelSizes.Count - 1;
        var now = DateTimeOffset.UtcNow;
        var orgs = new List<Organization>(n);
        var previous = new List<Organization>();
        var id = firstId;
        for (var level = 0; level <= last; level++)
        {
            var kind = level == last ? OrgKind.Branch
                : level == last - 1 && level > 0 ? OrgKind.GeneralBranch
                : OrgKind.Committee;
            var current = new List<Organization>(levelSizes[level]);
            for (var i = 0; i < levelSizes[level]; i++)
            {
                var parent = level == 0 ? null : previous[i % previous.Count];
                var name = $"{ContainmentRules.KindName(OrgSystem.League, kind)}{id.ToString(CultureInfo.InvariantCulture)}";
                var org = new Organization(OrgSystem.League, kind, parent?.Id, TreePath.Child(parent?.Path, id), level,
                    new OrgProfile("共青团" + name + "委员会", name, TermYears: 3), "", i / Math.Max(1, previous.Count) + 1, now)
                {
                    Id = id,
                };
                id++;
                current.Add(org);
                orgs.Add(org);
            }

            previous = current;
        }

        return orgs;
    }

    private static IEnumerable<(Person Person, Membership Membership)> People(long count, long firstPerson,
        long firstMember, Organization[] branches, int seed)
    {
        var faker = new PersonFaker(seed);
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var epoch = new DateOnly(1990, 1, 1);
        for (long i = 0; i < count; i++)
        {
            // Unique ID numbers by construction: (region, birth day, sequence) enumerate the person's
            // position after the people already in the database, so that a second seed does not collide.
            var k = firstPerson - 1 + i;
            var sequence = (int)(k % 1000);
            var day = (int)(k / 1000 % BirthDays);
            var region = Regions[(int)(k / 1000 / BirthDays % Regions.Length)];
            var birth = epoch.AddDays(day);
            var first17 = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
            var idNumber = first17 + CitizenIdNumber.ComputeCheckDigit(first17);
            var male = sequence % 2 == 1;
            var name = faker.NextName(male);
            var branch = branches[(int)(i % branches.Length)];
            var person = new Person
            {
                Id = firstPerson + i,
                Name = name,
                NameInitials = Shared.Pinyin.PinyinInitials.Of(name),
                Gender = male ? "1" : "2",
                Ethnicity = random.Next(100) < 91 ? "01" : "03",
                BirthDate = birth,
                IdNumber = idNumber,
                Phone = "13" + random.Next(0, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture),
                Education = "21",
                PoliticalStatus = "03",
                CreatedAt = now,
                UpdatedAt = now,
            };
            var membership = new Membership(OrgSystem.League, branch.Id, branch.Path, MemberStage.Member, birth.AddYears(15), name, now)
            {
                Id = firstMember + i,
                PersonId = person.Id,
            };
            yield return (person, membership);
        }
    }

    private async Task InsertAsync(List<Organization> orgs, IEnumerable<(Person, Membership)> people, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var chunk in orgs.Chunk(5000))
        {
            db.Organizations.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in people.Chunk(5000))
        {
            db.Persons.AddRange(chunk.Select(c => c.Item1));
            db.Memberships.AddRange(chunk.Select(c => c.Item2));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    private async Task CopyAsync(List<Organization> orgs, IEnumerable<(Person, Membership)> people,
        bool loadingEmptyTables, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Into empty tables, load first and index afterwards (PostgreSQL manual, "Populating a Database"):
            // one sorted index build and one join validating each foreign key are several times faster than
            // maintaining four indexes and checking two foreign keys row by row. All in one transaction, so a
            // failure leaves the tables, indexes and constraints as they were.
            await using var tx = loadingEmptyTables && db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(ct)
                : null;
            var deferred = tx is null ? [] : await DropSecondaryIndexesAndForeignKeysAsync(connection, ct);
            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY \"Organizations\" (\"Id\",\"System\",\"Kind\",\"ParentId\",\"Path\",\"Depth\",\"Name\",\"ShortName\",\"Initials\",\"Status\",\"Order\",\"TermYears\",\"CreatedAt\",\"UpdatedAt\") FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var o in orgs)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(o.Id, ct);
                    await w.WriteAsync(o.System.ToString(), ct);
                    await w.WriteAsync(o.Kind.ToString(), ct);
                    await WriteNullable(w, o.ParentId, ct);
                    await w.WriteAsync(o.Path, ct);
                    await w.WriteAsync(o.Depth, ct);
                    await w.WriteAsync(o.Name, ct);
                    await w.WriteAsync(o.ShortName, ct);
                    await w.WriteAsync(o.Initials, ct);
                    await w.WriteAsync(o.Status.ToString(), ct);
                    await w.WriteAsync(o.Order, ct);
                    await WriteNullable(w, o.TermYears, ct);
                    await w.WriteAsync(o.CreatedAt, ct);
                    await w.WriteAsync(o.UpdatedAt, ct);
                }

                await w.CompleteAsync(ct);
            }

            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY \"Persons\" (\"Id\",\"Name\",\"NameInitials\",\"Gender\",\"Ethnicity\",\"BirthDate\",\"IdNumber\",\"Phone\",\"Education\",\"PoliticalStatus\",\"CreatedAt\",\"UpdatedAt\") FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (p, _) in people)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(p.Id, ct);
                    await w.WriteAsync(p.Name, ct);
                    await w.WriteAsync(p.NameInitials, ct);
                    await w.WriteAsync(p.Gender, ct);
                    await w.WriteAsync(p.Ethnicity!, ct);
                    await w.WriteAsync(p.BirthDate!.Value, ct);
                    await w.WriteAsync(p.IdNumber!, ct);
                    await w.WriteAsync(p.Phone!, ct);
                    await w.WriteAsync(p.Education!, ct);
                    await w.WriteAsync(p.PoliticalStatus!, ct);
                    await w.WriteAsync(p.CreatedAt, ct);
                    await w.WriteAsync(p.UpdatedAt, ct);
                }

                await w.CompleteAsync(ct);
            }

            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY \"Memberships\" (\"Id\",\"PersonId\",\"System\",\"OrgId\",\"OrgPath\",\"Stage\",\"State\",\"JoinedOn\",\"SortName\",\"CreatedAt\",\"UpdatedAt\") FROM STDIN (FORMAT BINARY)", ct))
            {
                // The people sequence is deterministic: enumerate it again rather than hold millions of rows.
                foreach (var (_, m) in people)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(m.Id, ct);
                    await w.WriteAsync(m.PersonId, ct);
                    await w.WriteAsync(m.System.ToString(), ct);
                    await w.WriteAsync(m.OrgId, ct);
                    await w.WriteAsync(m.OrgPath, ct);
                    await w.WriteAsync(m.Stage.ToString(), ct);
                    await w.WriteAsync(m.State.ToString(), ct);
                    await w.WriteAsync(m.JoinedOn!.Value, ct);
                    await w.WriteAsync(m.SortName, ct);
                    await w.WriteAsync(m.CreatedAt, ct);
                    await w.WriteAsync(m.UpdatedAt, ct);
                }

                await w.CompleteAsync(ct);
            }

            foreach (var statement in deferred)
            {
                await ExecuteAsync(connection, statement, ct);
            }

            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }

            await db.AdvanceIdentitySequencesAsync(ct);

            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Drops the foreign keys and the indexes other than primary keys of the three loaded tables, and returns
    /// the statements that recreate them (indexes first, then foreign keys), read from the catalog.
    /// </summary>
    private static async Task<List<string>> DropSecondaryIndexesAndForeignKeysAsync(NpgsqlConnection connection,
        CancellationToken ct)
    {
        const string Tables = "('\"Organizations\"'::regclass, '\"Persons\"'::regclass, '\"Memberships\"'::regclass)";
        var foreignKeys = await PairsAsync(connection, $"""
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
            FROM pg_constraint WHERE contype = 'f' AND conrelid IN {Tables} ORDER BY conname
            """, ct);
        var indexes = await PairsAsync(connection, $"""
            SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid IN {Tables}
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY i.indexrelid::regclass::text
            """, ct);
        foreach (var (drop, _) in foreignKeys.Concat(indexes))
        {
            await ExecuteAsync(connection, drop, ct);
        }

        return [.. indexes.Select(i => i.Create), .. foreignKeys.Select(f => f.Create)];
    }

    private static async Task<List<(string Drop, string Create)>> PairsAsync(NpgsqlConnection connection, string sql,
        CancellationToken ct)
    {
        var pairs = new List<(string, string)>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    /// <summary>Runs one statement without a command timeout: building an index over millions of rows takes minutes.</summary>
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter w, T? value, CancellationToken ct)
        where T : struct
    {
        if (value is { } v)
        {
            await w.WriteAsync(v, ct);
        }
        else
        {
            await w.WriteNullAsync(ct);
        }
    }
}
