using System.Diagnostics;

namespace Zhijian.Tests.Infrastructure;

/// <summary>
/// Runs the node scripts of tools/workbooks (ExcelJS and SheetJS, pinned in its package-lock.json). Node is required, not
/// optional: scripts/test.sh installs it; a missing node fails the test with a message that says how to install it.
/// </summary>
public static class NodeTools
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The repository's root (where Zhijian.slnx is).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhijian.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Zhijian.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <c>node tools/workbooks/{script} args</c> (after <c>npm ci</c> there, once); returns stdout, throws on failure.</summary>
    public static async Task<string> RunWorkbookScriptAsync(string script, params string[] args)
    {
        var folder = Path.Combine(RepositoryRoot(), "tools", "workbooks");
        await InstallLock.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "exceljs")))
            {
                await RunAsync("npm", folder, "ci", "--no-audit", "--no-fund");
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return await RunAsync("node", folder, [script, .. args]);
    }

    private static async Task<string> RunAsync(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{program}' is not installed: install Node.js 18 or later (apt-get install -y nodejs npm; scripts/test.sh does it). {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(" ", args)} exited with {process.ExitCode}: {await stderr}");
            }

            return await stdout;
        }
    }
}
