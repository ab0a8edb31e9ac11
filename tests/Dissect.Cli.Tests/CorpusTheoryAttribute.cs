using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// A theory over captures of the shared corpus (../shared/corpus/FOLDER beside the checkout). Where that folder is
/// absent (a fresh clone outside the development workspace) the theory is reported as skipped, with the reason,
/// instead of running with no data.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute(string folder)
    {
        Folder = folder;
        if (Paths.Corpus is not { } corpus || !Directory.Exists(Path.Combine(corpus, folder)))
        {
            Skip = $"../shared/corpus/{folder} is not beside the checkout ({Paths.Root}); it exists only in the development workspace";
        }
    }

    public string Folder { get; }
}
