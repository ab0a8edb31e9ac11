using System.Text;

namespace Dissectors.Filter;

/// <summary>
/// Why a display filter does not compile, and where: <see cref="Start"/>/<see cref="Length"/> are
/// character positions in the filter text (a zero length points between characters).
/// </summary>
public sealed record FilterError(int Start, int Length, string Message)
{
    /// <summary>
    /// Three lines, as tshark prints a filter error: <c>dissect: filter error: MESSAGE</c>, the filter
    /// indented by four spaces, and a caret line under the offending text (no trailing newline).
    /// </summary>
    public string Render(string filterText)
    {
        var sb = new StringBuilder();
        sb.Append("dissect: filter error: ").Append(Message).Append('\n');
        sb.Append("    ");
        foreach (char c in filterText)
        {
            // One column per character, so that the caret stays under the text.
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        sb.Append('\n');
        int start = Math.Clamp(Start, 0, filterText.Length);
        sb.Append(' ', 4 + start).Append('^');
        int len = Math.Min(Length, filterText.Length - start);
        if (len > 1)
        {
            sb.Append('~', len - 1);
        }

        return sb.ToString();
    }
}

/// <summary>Thrown inside the compiler only; <see cref="DisplayFilter.TryCompile"/> turns it into a <see cref="FilterError"/>.</summary>
internal sealed class FilterException(int start, int length, string message) : Exception(message)
{
    public FilterError Error { get; } = new(start, length, message);
}
