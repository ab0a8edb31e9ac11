using Dissectors.Core.Fields;
using Dissectors.Filter.Binding;
using Dissectors.Filter.Parsing;

namespace Dissectors.Filter;

/// <summary>
/// Compiles Wireshark display filters (the 4.x language) against a field registry, selecting what tshark
/// 4.0 selects (tests/Dissect.Cli.Tests/Filters checks 736 filters against it). Besides 4.0's syntax it
/// accepts a few later or older spellings that cannot change a 4.0 filter's meaning: <c>xor</c>/<c>^^</c>,
/// <c>bitand</c>, whitespace-separated set elements, booleans in any case, a time multiplied or divided
/// by a number, <c>'\n'</c> character constants, and the minimum of a signed field (-2147483648).
/// Field references (<c>${f}</c>, <c>$f</c>), macros and the raw operator <c>@</c> are rejected: an offline
/// run has no selected packet. Fields of protocols without a dissector are unknown (an error).
/// </summary>
public static class DisplayFilter
{
    public static bool TryCompile(string text, FieldRegistry registry, out CompiledFilter? filter, out FilterError? error)
    {
        filter = null;
        error = null;
        try
        {
            var ast = Parser.Parse(text);
            var binder = new Binder(registry, text);
            var root = binder.BindTest(ast);
            filter = new CompiledFilter(text, root, binder.Constants, binder.Referenced);
            return true;
        }
        catch (FilterException ex)
        {
            error = ex.Error;
            return false;
        }
    }
}
