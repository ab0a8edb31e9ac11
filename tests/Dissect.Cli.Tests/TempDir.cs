namespace Dissect.Cli.Tests;

/// <summary>A fresh directory for the files one test writes; deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("dissect-cli-tests-").FullName;

    public string Path { get; }

    /// <summary>Writes <paramref name="bytes"/> to a file in the directory and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        string p = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is not a test failure.
        }
    }
}
