namespace Dissectors.Testing;

/// <summary>Where the repository's own data and the shared corpus are, from a test's working directory.</summary>
public static class Paths
{
    /// <summary>The repository root (the directory holding Dissectors.sln).</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dissectors.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Dissectors.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Samples => Path.Combine(Root, "samples");

    public static string Sample(string name) => Path.Combine(Samples, name);

    /// <summary>The shared corpus beside the checkout, or null when it is not there (a fresh clone).</summary>
    public static string? Corpus
    {
        get
        {
            string p = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));
            return Directory.Exists(p) ? p : null;
        }
    }
}
