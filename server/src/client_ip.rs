//! Which address a request comes from, for rate limiting.
//!
//! By default that is the TCP peer and nothing else: `X-Forwarded-For` is just a header any
//! client can write. Only when the owner lists the reverse proxies in front of the server
//! (`LK_TRUSTED_PROXIES`) and the peer is one of them does the header count, read from the right
//! (the entries the trusted proxies appended) to the first address that is not a trusted proxy.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::http::HeaderMap;

/// An IP network such as `10.0.0.0/8` or `::1/128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Parses `IP` or `IP/prefix`. The address is masked, so `10.1.2.3/8` means `10.0.0.0/8`.
    pub fn parse(s: &str) -> Option<Self> {
        let (ip, prefix) = match s.split_once('/') {
            Some((ip, prefix)) => (ip, Some(prefix)),
            None => (s, None),
        };
        let addr = ip.parse::<IpAddr>().ok()?.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Self {
            addr: mask(addr, prefix),
            prefix,
        })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.addr.is_ipv4() && mask(ip, self.prefix) == self.addr
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Keeps the first `prefix` bits of the address.
pub fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let keep = u32::from(prefix.min(32));
            let bits = if keep == 0 {
                0
            } else {
                u32::from(v4) & (u32::MAX << (32 - keep))
            };
            IpAddr::V4(Ipv4Addr::from(bits))
        }
        IpAddr::V6(v6) => {
            let keep = u32::from(prefix.min(128));
            let bits = if keep == 0 {
                0
            } else {
                u128::from(v6) & (u128::MAX << (128 - keep))
            };
            IpAddr::V6(Ipv6Addr::from(bits))
        }
    }
}

/// The proxies whose `X-Forwarded-For` entries are believed. Empty means none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> Self {
        Self(nets)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn nets(&self) -> &[IpNet] {
        &self.0
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address: the peer, unless the peer is a trusted proxy that forwarded the
    /// request on someone else's behalf.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        // Several X-Forwarded-For headers are one list, in order (RFC 9110 §5.3).
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in entries.iter().rev() {
            // Past a garbled entry nothing further left can be believed: the last hop we trusted
            // is the best answer left.
            let Some(ip) = parse_forwarded_ip(entry) else {
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }
}

/// Proxies write bare addresses, but some add a port (`1.2.3.4:5678`, `[::1]:5678`).
fn parse_forwarded_ip(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    entry
        .parse::<std::net::SocketAddr>()
        .ok()
        .map(|sa| sa.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn trusted(nets: &[&str]) -> TrustedProxies {
        TrustedProxies::new(nets.iter().map(|n| IpNet::parse(n).unwrap()).collect())
    }

    #[test]
    fn nets_parse_and_match() {
        let net = IpNet::parse("10.1.2.3/8").unwrap();
        assert_eq!(net.to_string(), "10.0.0.0/8");
        assert!(net.contains(ip("10.200.0.1")));
        assert!(!net.contains(ip("11.0.0.1")));
        assert!(!net.contains(ip("::1")));
        assert!(IpNet::parse("::ffff:127.0.0.1")
            .unwrap()
            .contains(ip("127.0.0.1")));
        assert!(IpNet::parse("127.0.0.1")
            .unwrap()
            .contains(ip("::ffff:127.0.0.1")));
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(IpNet::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(IpNet::parse("::/0").unwrap().contains(ip("2001:db8::1")));
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/x",
            "example.com",
            "10.0.0/8",
        ] {
            assert!(IpNet::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn mask_keeps_the_prefix() {
        assert_eq!(mask(ip("192.168.7.9"), 24), ip("192.168.7.0"));
        assert_eq!(mask(ip("192.168.7.9"), 0), ip("0.0.0.0"));
        assert_eq!(mask(ip("192.168.7.9"), 32), ip("192.168.7.9"));
        assert_eq!(mask(ip("2001:db8:1:2:3::4"), 64), ip("2001:db8:1:2::"));
        assert_eq!(mask(ip("2001:db8::1"), 0), ip("::"));
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_ip(ip("1.2.3.4"), &xff(&["9.9.9.9"])),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_spoof() {
        let t = trusted(&["10.0.0.0/8"]);
        assert_eq!(
            t.client_ip(ip("1.2.3.4"), &xff(&["9.9.9.9"])),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn a_trusted_peer_forwards_the_rightmost_untrusted_entry() {
        let t = trusted(&["10.0.0.0/8", "127.0.0.1"]);
        let peer = ip("127.0.0.1");
        // The client wrote a fake first entry; the proxies appended the real one after it.
        assert_eq!(
            t.client_ip(peer, &xff(&["6.6.6.6, 203.0.113.7, 10.0.0.2"])),
            ip("203.0.113.7")
        );
        assert_eq!(
            t.client_ip(peer, &xff(&["6.6.6.6", "203.0.113.7"])),
            ip("203.0.113.7")
        );
        assert_eq!(
            t.client_ip(peer, &xff(&["[2001:db8::5]:443"])),
            ip("2001:db8::5")
        );
        assert_eq!(
            t.client_ip(peer, &xff(&["203.0.113.7:5555"])),
            ip("203.0.113.7")
        );
        // No header: the proxy itself is the client (e.g. its own health checks).
        assert_eq!(t.client_ip(peer, &HeaderMap::new()), peer);
        // All trusted: the leftmost one is as far as we can see.
        assert_eq!(
            t.client_ip(peer, &xff(&["10.0.0.9, 10.0.0.2"])),
            ip("10.0.0.9")
        );
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(
            t.client_ip(peer, &xff(&["1.1.1.1, junk, 10.0.0.2"])),
            ip("10.0.0.2")
        );
        assert_eq!(t.client_ip(peer, &xff(&["junk"])), peer);
    }

    #[test]
    fn mapped_ipv4_peers_are_canonical() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_ip(ip("::ffff:1.2.3.4"), &HeaderMap::new()),
            ip("1.2.3.4")
        );
    }
}
