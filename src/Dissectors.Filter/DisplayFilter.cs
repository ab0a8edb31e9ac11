using Dissectors.Core.Fields;
using Dissectors.Filter.Binding;
using Dissectors.Filter.Parsing;

namespace Dissectors.Filter;

/// <summary>
/// Compiles Wireshark display filters (the 4.x language) against a field registry. Besides 4.0's
/// syntax it accepts a few later or older spellings that cannot change a 4.0 filter's meaning:
/// <c>xor</c>/<c>^^</c>, <c>bitand</c>, whitespace-separated set elements, booleans in any case.
/// Field references (<c>${f}</c>, <c>$f</c>) and macros are rejected: an offline run has no selected packet.
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
