using System.Net;
using Webchat.Hub.Attachments;

namespace Webchat.Hub.Tests.Attachments;

/// <summary>Which resolved addresses the hub fetches providers' files from: the public internet only.</summary>
public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // the metadata service of most clouds
    [InlineData("100.100.100.200")] // Alibaba's
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")] // AWS's over IPv6
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Private_loopback_link_local_multicast_and_metadata_addresses_are_refused(string address) =>
        Assert.False(AddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    public void Public_addresses_are_fetched_from(string address) =>
        Assert.True(AddressRules.IsPublic(IPAddress.Parse(address)));
}
