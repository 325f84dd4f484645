using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Zhijian.Bench;

/// <summary>
/// Where a measured operation allocates, without a profiler on the machine: the runtime's <c>GCAllocationTick</c> event
/// (about one per 100 KB allocated, naming the type of the object that crossed the mark), counted by type. The counts are
/// a sample, proportional to bytes allocated by type, and independent of the machine's load, unlike wall times.
/// Opt-in (<c>--alloc-profile</c>): the listener costs a little time.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEvent = 10;
    private const long GcKeyword = 0x1;

    private readonly ConcurrentDictionary<string, long> bytesByType = new();
    private volatile bool listening;

    public void Start()
    {
        bytesByType.Clear();
        listening = true;
    }

    public void Stop() => listening = false;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!listening || e.EventId != AllocationTickEvent || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames?.IndexOf("TypeName") is int t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames?.IndexOf("AllocationAmount64") is int a and >= 0 ? Convert.ToInt64(e.Payload[a], CultureInfo.InvariantCulture) : 100_000;
        bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>The types that took the most sampled bytes, with their share of the total.</summary>
    public IReadOnlyList<string> Top(int count)
    {
        var total = Math.Max(1, bytesByType.Values.Sum());
        return bytesByType.OrderByDescending(p => p.Value).Take(count)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value / 1048576.0,8:0.0} MiB {100.0 * p.Value / total,5:0.0}%  {p.Key}"))
            .ToList();
    }
}
