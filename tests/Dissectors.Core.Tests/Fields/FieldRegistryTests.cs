using Dissectors.Core.Fields;

namespace Dissectors.Core.Tests.Fields;

public class FieldRegistryTests
{
    [Fact]
    public void FieldsBelongToTheLongestProtocolPrefix()
    {
        var r = new FieldRegistry();
        var mysql = r.AddProtocol("mysql", "MySQL Protocol", "MySQL");
        var f = r.Add("mysql.query", "Statement", FieldType.String);
        Assert.Equal(mysql, r[f].Protocol);
    }

    [Fact]
    public void AFieldWithAnotherPrefix_NeedsItsOwnerNamed_AndThenBelongsToIt()
    {
        // Wireshark registers mariadb.* under the mysql protocol; "mariadb" is no protocol of its own.
        var r = new FieldRegistry();
        var mysql = r.AddProtocol("mysql", "MySQL Protocol", "MySQL");
        Assert.Throws<InvalidOperationException>(() => r.Add("mariadb.charset", "Charset", FieldType.UInt8));
        var charset = r.Add("mariadb.charset", "Charset", FieldType.UInt8, FieldBase.Dec, protocol: mysql);
        var flag = r.AddBoolean("mariadb.caps.pr", "Progress indication", 32, 0x1, protocol: mysql);
        Assert.Equal(mysql, r[charset].Protocol);
        Assert.Equal(mysql, r[flag].Protocol);
        Assert.False(r.TryGet("mariadb", out _));
    }

    [Fact]
    public void TheNamedOwner_MustBeARegisteredProtocol()
    {
        var r = new FieldRegistry();
        r.AddProtocol("mysql", "MySQL Protocol", "MySQL");
        var field = r.Add("mysql.query", "Statement", FieldType.String);
        Assert.Throws<ArgumentException>(() => r.Add("mariadb.x", "X", FieldType.UInt8, protocol: field));
        Assert.Throws<ArgumentException>(() => r.Add("mariadb.y", "Y", FieldType.UInt8, protocol: new FieldId(99)));
    }
}
