namespace Zhijian.Web.Features.ImportExport;

/// <summary>
/// A byte-level pass over one XML part of an uploaded workbook, before any XML reader sees it: an XML reader (MiniExcel's
/// and ExcelDataReader's included) materializes every text node and attribute it passes, so a single 150-million-character cell costs
/// gigabytes however little of it the importer wants. This scanner holds nothing but a few counters: it measures every
/// text node, every cell's text (all its runs together), every tag, comment and processing instruction, refuses a DTD
/// (Excel never writes one; it is how entity expansion bombs start), and in a worksheet counts the rows that hold a value
/// and sees merged cells. It is fed the part in chunks of any size.
/// </summary>
public sealed class XmlPartScanner(XmlPartScanner.PartKind kind, int rowLimit = int.MaxValue)
{
    /// <summary>How a part's elements are read: cells of a worksheet, strings of the shared-string table, or neither.</summary>
    public enum PartKind
    {
        Other,
        Worksheet,
        SharedStrings,
    }

    /// <summary>The most characters a cell may hold: Excel's own limit. Entity references count by their written length.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>The longest tag (with its attributes), comment or processing instruction; Excel's are a few hundred bytes.</summary>
    public const int MaxMarkupBytes = 64 * 1024;

    private enum State
    {
        Text,
        Open,
        Name,
        Attributes,
        Quoted,
        EndName,
        EndRest,
        Bang,
        Comment,
        CData,
        Instruction,
    }

    private State state = State.Text;
    private readonly byte[] name = new byte[32];
    private int nameLength;
    private bool nameTooLong;
    private byte quote;
    private byte previous;
    private long markup;
    private long textNode;
    private long cellText;
    private bool inCell;
    private bool inRow;
    private bool rowHasValue;
    private int terminatorMatched;
    private readonly byte[] bang = new byte[7];
    private int bangLength;

    /// <summary>Rows of a worksheet holding at least one value, counted up to one past the row limit.</summary>
    public int FilledRows { get; private set; }

    /// <summary>Whether a worksheet declares merged cells.</summary>
    public bool HasMergedCells { get; private set; }

    /// <summary>Whether a worksheet has more filled rows than the limit; the scan stops there.</summary>
    public bool RowLimitExceeded => FilledRows > rowLimit;

    /// <summary>Why the part is refused (a Chinese message), or null while it is acceptable.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Whether the rest of the part need not be read: refused, or over the row limit.</summary>
    public bool Done => Refusal is not null || RowLimitExceeded;

    /// <summary>Scans the next chunk; stops early once <see cref="Done"/>.</summary>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        var i = 0;
        while (i >= 0 && i < chunk.Length && !Done)
        {
            i = state switch
            {
                State.Text => ScanText(chunk, i),
                State.Open => ScanOpen(chunk, i),
                State.Name or State.EndName => ScanName(chunk, i),
                State.EndRest => ScanEndRest(chunk, i),
                State.Attributes => ScanAttributes(chunk, i),
                State.Quoted => ScanQuoted(chunk, i),
                State.Bang => ScanBang(chunk, i),
                _ => ScanUntilTerminator(chunk, i),
            };
        }
    }

    /// <summary>Text up to the next tag: counted toward the node and the cell.</summary>
    private int ScanText(ReadOnlySpan<byte> chunk, int i)
    {
        var rest = chunk[i..];
        var lt = rest.IndexOf((byte)'<');
        var text = lt < 0 ? rest : rest[..lt];
        if (text.Length > 0)
        {
            AddText(text);
        }

        if (lt < 0)
        {
            return -1;
        }

        i += lt + 1;
        textNode = 0;
        markup = 1;
        state = State.Open;
        return i;
    }

    /// <summary>The byte after &lt;: an end tag, a comment, CDATA or DTD, an instruction, or a start tag's name.</summary>
    private int ScanOpen(ReadOnlySpan<byte> chunk, int i)
    {
        var b = chunk[i++];
        markup++;
        nameLength = 0;
        nameTooLong = false;
        switch (b)
        {
            case (byte)'/':
                state = State.EndName;
                break;
            case (byte)'!':
                bangLength = 0;
                state = State.Bang;
                break;
            case (byte)'?':
                terminatorMatched = 0;
                state = State.Instruction;
                break;
            default:
                AppendName(b);
                state = State.Name;
                break;
        }

        return i;
    }

    /// <summary>A tag's name, up to the space, slash or &gt; after it.</summary>
    private int ScanName(ReadOnlySpan<byte> chunk, int i)
    {
        var b = chunk[i++];
        if (!Markup(1))
        {
            return -1;
        }

        if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'/' or (byte)'>')
        {
            if (state == State.EndName)
            {
                if (b == (byte)'>')
                {
                    EndTag();
                    state = State.Text;
                }
                else
                {
                    state = State.EndRest;
                }
            }
            else if (b == (byte)'>')
            {
                StartTag(selfClosing: false);
                state = State.Text;
            }
            else
            {
                previous = b;
                state = State.Attributes;
            }
        }
        else
        {
            AppendName(b);
        }

        return i;
    }

    /// <summary>The rest of an end tag after its name.</summary>
    private int ScanEndRest(ReadOnlySpan<byte> chunk, int i)
    {
        var rest = chunk[i..];
        var gt = rest.IndexOf((byte)'>');
        if (!Markup(gt < 0 ? rest.Length : gt + 1))
        {
            return -1;
        }

        if (gt < 0)
        {
            return -1;
        }

        i += gt + 1;
        EndTag();
        state = State.Text;
        return i;
    }

    /// <summary>A start tag's attributes up to its &gt; (or the next quoted value).</summary>
    private int ScanAttributes(ReadOnlySpan<byte> chunk, int i)
    {
        var rest = chunk[i..];
        var at = rest.IndexOfAny((byte)'>', (byte)'"', (byte)'\'');
        if (!Markup(at < 0 ? rest.Length : at + 1))
        {
            return -1;
        }

        if (at < 0)
        {
            previous = rest.TrimEnd(" \t\r\n"u8) is { Length: > 0 } kept ? kept[^1] : previous;
            return -1;
        }

        var before = rest[..at].TrimEnd(" \t\r\n"u8);
        if (before.Length > 0)
        {
            previous = before[^1];
        }

        i += at + 1;
        if (rest[at] == (byte)'>')
        {
            StartTag(selfClosing: previous == (byte)'/');
            state = State.Text;
        }
        else
        {
            quote = rest[at];
            state = State.Quoted;
        }

        return i;
    }

    /// <summary>A quoted attribute value.</summary>
    private int ScanQuoted(ReadOnlySpan<byte> chunk, int i)
    {
        var rest = chunk[i..];
        var end = rest.IndexOf(quote);
        if (!Markup(end < 0 ? rest.Length : end + 1))
        {
            return -1;
        }

        if (end < 0)
        {
            return -1;
        }

        i += end + 1;
        previous = quote;
        state = State.Attributes;
        return i;
    }

    /// <summary>After &lt;!: a comment, CDATA, or a refused DTD.</summary>
    private int ScanBang(ReadOnlySpan<byte> chunk, int i)
    {
        var b = chunk[i++];
        if (!Markup(1))
        {
            return -1;
        }

        bang[bangLength++] = b;
        var seen = bang.AsSpan(0, bangLength);
        if (seen.SequenceEqual("--"u8))
        {
            terminatorMatched = 0;
            state = State.Comment;
        }
        else if (seen.SequenceEqual("[CDATA["u8))
        {
            terminatorMatched = 0;
            state = State.CData;
        }
        else if (!"--"u8.StartsWith(seen) && !"[CDATA["u8.StartsWith(seen))
        {
            // <!DOCTYPE and <!ENTITY: never in a workbook, and the start of every entity-expansion bomb.
            Refusal = "工作簿中含有文档类型定义（DTD），不是 Excel 保存的文件，请使用下载的模板填写";
            return -1;
        }

        return i;
    }

    /// <summary>A comment, instruction or CDATA section up to its terminator.</summary>
    private int ScanUntilTerminator(ReadOnlySpan<byte> chunk, int i)
    {
        var b = chunk[i++];
        if (state == State.CData)
        {
            // CDATA is text: it counts toward the node and the cell (a byte at a time: never fewer than characters).
            AddText([b]);
        }
        else if (!Markup(1))
        {
            return -1;
        }

        if (Terminated(b))
        {
            state = State.Text;
        }

        return i;
    }

    /// <summary>Whether the byte completes the current construct's terminator (<c>--&gt;</c>, <c>?&gt;</c>, <c>]]&gt;</c>).</summary>
    private bool Terminated(byte b)
    {
        var terminator = state switch
        {
            State.Comment => "-->"u8,
            State.Instruction => "?>"u8,
            _ => "]]>"u8,
        };
        if (b == terminator[terminatorMatched])
        {
            terminatorMatched++;
        }
        else if (b == terminator[0])
        {
            // "--->" and "]]]>" still end: the terminators of three bytes begin with the same byte twice.
            terminatorMatched = terminatorMatched == 2 && terminator[1] == terminator[0] ? 2 : 1;
        }
        else
        {
            terminatorMatched = 0;
        }

        if (terminatorMatched == terminator.Length)
        {
            terminatorMatched = 0;
            return true;
        }

        return false;
    }

    private void AddText(ReadOnlySpan<byte> text)
    {
        long chars = Utf16Length(text);
        textNode += chars;
        if (inCell)
        {
            cellText += chars;
        }

        if (textNode > MaxCellChars || cellText > MaxCellChars)
        {
            Refusal = kind switch
            {
                PartKind.SharedStrings => $"工作簿的共享字符串表中有超过 {MaxCellChars:N0} 个字符的文本（Excel 单元格的上限），请检查文件",
                PartKind.Worksheet => $"工作表中有单元格超过 {MaxCellChars:N0} 个字符（Excel 单元格的上限），请检查文件",
                _ => $"工作簿中有超过 {MaxCellChars:N0} 个字符的文本，不是 Excel 保存的文件，请检查文件",
            };
        }
    }

    /// <summary>
    /// UTF-16 characters of UTF-8 bytes, as Excel counts a cell's length: every byte that starts a character counts one,
    /// a four-byte character two (a surrogate pair). Exact wherever a chunk splits a character, as continuation bytes
    /// count nothing.
    /// </summary>
    public static long Utf16Length(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
        {
            return utf8.Length;
        }

        long chars = 0;
        foreach (var b in utf8)
        {
            chars += b < 0x80 || b >= 0xC0 ? 1 : 0;
            chars += b >= 0xF0 ? 1 : 0;
        }

        return chars;
    }

    private bool Markup(long bytes)
    {
        markup += bytes;
        if (markup > MaxMarkupBytes)
        {
            Refusal = "工作簿中有异常长的标记（标签、属性或注释），不是 Excel 保存的文件，请检查文件";
            return false;
        }

        return true;
    }

    private void AppendName(byte b)
    {
        if (b == (byte)':')
        {
            // A namespace prefix (x:row): keep the local name only.
            nameLength = 0;
            nameTooLong = false;
            return;
        }

        if (nameLength < name.Length)
        {
            name[nameLength++] = b;
        }
        else
        {
            nameTooLong = true;
        }
    }

    private bool Is(ReadOnlySpan<byte> local) => !nameTooLong && name.AsSpan(0, nameLength).SequenceEqual(local);

    private void StartTag(bool selfClosing)
    {
        switch (kind)
        {
            case PartKind.Worksheet when Is("row"u8):
                inRow = !selfClosing;
                rowHasValue = false;
                break;
            case PartKind.Worksheet when Is("c"u8):
                inCell = !selfClosing;
                cellText = 0;
                break;
            case PartKind.Worksheet when Is("v"u8) || Is("is"u8):
                if (inRow && !rowHasValue)
                {
                    rowHasValue = true;
                    FilledRows++;
                }

                break;
            case PartKind.Worksheet when Is("mergeCell"u8):
                HasMergedCells = true;
                break;
            case PartKind.SharedStrings when Is("si"u8):
                inCell = !selfClosing;
                cellText = 0;
                break;
        }
    }

    private void EndTag()
    {
        if ((kind == PartKind.Worksheet && Is("c"u8)) || (kind == PartKind.SharedStrings && Is("si"u8)))
        {
            inCell = false;
        }
        else if (kind == PartKind.Worksheet && Is("row"u8))
        {
            inRow = false;
        }
    }
}
