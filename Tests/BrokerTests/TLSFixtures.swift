/// Certificates made once with `openssl` (EC P-256, valid for 100 years) for the TLS unit tests: a CA, a broker
/// certificate for 127.0.0.1 and a client certificate it signed, and two self-signed certificates with awkward
/// subjects. Beside each subject, what Java's `X500Principal.getName()` printed for it (Kafka's DEFAULT principal).
enum TLSFixtures {
    static let caCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBjzCCATWgAwIBAgIUYgDzHxLGdKy+50nvvp26RXtt+hcwCgYIKoZIzj0EAwIw
        HDEaMBgGA1UEAwwRVHJpYnV0YXJ5IFVuaXQgQ0EwIBcNMjYxMjA3MTM0NDUzWhgP
        MjEyNjExMTMxMzQ0NTNaMBwxGjAYBgNVBAMMEVRyaWJ1dGFyeSBVbml0IENBMFkw
        EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEj87IDznYY6iyNqR5+Q1DSdnxOQQ2ygR1
        1WuZUTzuWuL4U3UUTlPphVl0a6S1hPSXTIprx23+jcT2I1y7Z/O63KNTMFEwHQYD
        VR0OBBYEFIA3eN3nPMkfnbHw+uujXnMBcpLmMB8GA1UdIwQYMBaAFIA3eN3nPMkf
        nbHw+uujXnMBcpLmMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIg
        HSSXg3/vsbZhtGqynouOISgWIm2opjnz+xliGvJH0EcCIQDDQ1apCchHTKQAw8yW
        9wXVwug1ItwU4mJVqvQn1gjh+g==
        -----END CERTIFICATE-----
        """
    static let brokerKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOuwiDEl5dJcp2Xd4
        fTAK3YxIOGUXHXOUoA40gqFet8ehRANCAAS5zvsxB0jEPeMLu692g4jMOdFTAhgd
        Cbekuveo3SYwPgdWdTppZES/cdd5+QA/kq4EyoQ7mfUmVTWg0swLtKfB
        -----END PRIVATE KEY-----
        """
    static let brokerCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBijCCAS+gAwIBAgIUZAAoeG4Iv/XePlD/TAxt2rEXCPUwCgYIKoZIzj0EAwIw
        HDEaMBgGA1UEAwwRVHJpYnV0YXJ5IFVuaXQgQ0EwIBcNMjYxMjA3MTM0NDUzWhgP
        MjEyNjExMTMxMzQ0NTNaMBYxFDASBgNVBAMMC3VuaXQtYnJva2VyMFkwEwYHKoZI
        zj0CAQYIKoZIzj0DAQcDQgAEuc77MQdIxD3jC7uvdoOIzDnRUwIYHQm3pLr3qN0m
        MD4HVnU6aWREv3HXefkAP5KuBMqEO5n1JlU1oNLMC7SnwaNTMFEwDwYDVR0RBAgw
        BocEfwAAATAdBgNVHQ4EFgQU4wBX4pochDmApyxIc2aTWE5jExgwHwYDVR0jBBgw
        FoAUgDd43ec8yR+dsfD666NecwFykuYwCgYIKoZIzj0EAwIDSQAwRgIhAL0o9Egy
        fHOJoAGzbJQVIEOctn18TJZiazXMoCwTFAA+AiEA3VnnQpVbVmTZTrVuVxuHl19Z
        3kiwrXTyTbYhE3X3aFk=
        -----END CERTIFICATE-----
        """
    static let clientKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgu+qeoQUHiBfYeiet
        HvmqpEEfIqcox2xYzxvbmgZXDYWhRANCAATGxN+KGLWM0aFbjnEiYgY5/iMV2yKM
        5g1GaEjr6GG/PVDWGE/nn0EIixaeale964A4Naq8fw2MM1IlYhdFpVQk
        -----END PRIVATE KEY-----
        """
    static let clientCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBsjCCAVmgAwIBAgIUZAAoeG4Iv/XePlD/TAxt2rEXCPYwCgYIKoZIzj0EAwIw
        HDEaMBgGA1UEAwwRVHJpYnV0YXJ5IFVuaXQgQ0EwIBcNMjYxMjA3MTM0NDUzWhgP
        MjEyNjExMTMxMzQ0NTNaMEYxCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21lMRIw
        EAYDVQQLDAlzdHJlYW1pbmcxFDASBgNVBAMMC3VuaXQtY2xpZW50MFkwEwYHKoZI
        zj0CAQYIKoZIzj0DAQcDQgAExsTfihi1jNGhW45xImIGOf4jFdsijOYNRmhI6+hh
        vz1Q1hhP559BCIsWnmpXveuAODWqvH8NjDNSJWIXRaVUJKNNMEswCQYDVR0TBAIw
        ADAdBgNVHQ4EFgQUYpnFzWincjsPs26SsXBd+594wvUwHwYDVR0jBBgwFoAUgDd4
        3ec8yR+dsfD666NecwFykuYwCgYIKoZIzj0EAwIDRwAwRAIgZlw/IW3HBQ0y6Lqx
        +LstD0gOfNJCaK/vh6LRpPMRvGMCIHnhaGThQN/BzC6iLECBlvnPLVfHzxbznClr
        q4/f3O3N
        -----END CERTIFICATE-----
        """
    static let clientPrincipalName = "CN=unit-client,OU=streaming,O=Acme,C=US"

    /// `openssl req -subj` with
    /// `"/C=US/ST=Some State/O=Acme, Inc./CN= lead#trail /emailAddress=me@example.com/DC=example/UID=u1"`
    static let escapingCertificate = """
        -----BEGIN CERTIFICATE-----
        MIICjDCCAjOgAwIBAgIUNI7GJqhsQCF4ZRkbo6rNfZxh0lowCgYIKoZIzj0EAwIw
        gZoxCzAJBgNVBAYTAlVTMRMwEQYDVQQIDApTb21lIFN0YXRlMRMwEQYDVQQKDApB
        Y21lLCBJbmMuMRUwEwYDVQQDDAwgbGVhZCN0cmFpbCAxHTAbBgkqhkiG9w0BCQEW
        Dm1lQGV4YW1wbGUuY29tMRcwFQYKCZImiZPyLGQBGRYHZXhhbXBsZTESMBAGCgmS
        JomT8ixkAQEMAnUxMCAXDTI2MTIwNzEzNDQzOFoYDzIxMjYxMTEzMTM0NDM4WjCB
        mjELMAkGA1UEBhMCVVMxEzARBgNVBAgMClNvbWUgU3RhdGUxEzARBgNVBAoMCkFj
        bWUsIEluYy4xFTATBgNVBAMMDCBsZWFkI3RyYWlsIDEdMBsGCSqGSIb3DQEJARYO
        bWVAZXhhbXBsZS5jb20xFzAVBgoJkiaJk/IsZAEZFgdleGFtcGxlMRIwEAYKCZIm
        iZPyLGQBAQwCdTEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARf/ABClvg6d9w9
        B1TxzVGM2qOnsx+BYYbf8ZPFK0cQ9/0TXvaPa406Y/v6VUTV2Pokm/0EgACpTr0u
        47D08/R/o1MwUTAdBgNVHQ4EFgQUdY0JBlmSVvXyJKU8z58w807fXHowHwYDVR0j
        BBgwFoAUdY0JBlmSVvXyJKU8z58w807fXHowDwYDVR0TAQH/BAUwAwEB/zAKBggq
        hkjOPQQDAgNHADBEAiBk43faOM1hto0DJrZpqAtw3HzrjVk5K5wjFhYEVpaLgQIg
        WWb/605z0m9yzDtCq7UKuTTuzfjmpClOGjzbvH19HvU=
        -----END CERTIFICATE-----
        """
    static let escapingSubject = "UID=u1,DC=example,1.2.840.113549.1.9.1=#160e6d65406578616d706c652e636f6d,"
        + ##"CN=\ lead\#trail\ ,O=Acme\, Inc.,ST=Some State,C=US"##

    /// `openssl req -multivalue-rdn -subj '/O=z;x/OU=x\=y+CN=multi/L=<a>"q"'`
    static let multiValuedCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBzTCCAXOgAwIBAgIUPL8KjAIBwmjQ1oeFdP3ZLTjdz1AwCgYIKoZIzj0EAwIw
        OzEMMAoGA1UECgwDejt4MRowCgYDVQQLDAN4PXkwDAYDVQQDDAVtdWx0aTEPMA0G
        A1UEBwwGPGE+InEiMCAXDTI2MTIwNzEzNDQzMVoYDzIxMjYxMTEzMTM0NDMxWjA7
        MQwwCgYDVQQKDAN6O3gxGjAKBgNVBAsMA3g9eTAMBgNVBAMMBW11bHRpMQ8wDQYD
        VQQHDAY8YT4icSIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS0+Xkj2WAdsdlm
        fTqog6W0lGgOJgJGMhAyia0tI3Qay/QAFCcdcc21C8uWBTZ4Gv6ARKV0b4Wd46ci
        SoyIaEvio1MwUTAdBgNVHQ4EFgQUAJuFGblnRQJTtyKJnUp2CuSNGbcwHwYDVR0j
        BBgwFoAUAJuFGblnRQJTtyKJnUp2CuSNGbcwDwYDVR0TAQH/BAUwAwEB/zAKBggq
        hkjOPQQDAgNIADBFAiBsCM+/25iF/pD1aQYi2ZElh88hpoUsVvYvCGKMm3HCOQIh
        AIhoGaoVLYxl3lfX/zUbsjFKnsAvzMeRJ3ZEr9F/I0m5
        -----END CERTIFICATE-----
        """
    static let multiValuedSubject = #"L=\<a\>\"q\",OU=x\=y+CN=multi,O=z\;x"#
}
