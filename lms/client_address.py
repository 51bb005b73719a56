"""The client's address, as the rate limits count it."""

import ipaddress

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter


def client_address(request) -> str:
    """Where the request comes from, the way allauth's own rate limits see it: the account
    adapter's address (the trusted proxy's X-Forwarded-For entry or header, ALLAUTH_TRUSTED_PROXY_COUNT
    and ALLAUTH_TRUSTED_CLIENT_IP_HEADER, else the connection's), and an IPv6 address as its network
    (ALLAUTH_RATE_LIMIT_IPV6_PREFIX, /64), which one subscriber holds whole."""
    address = get_adapter(request).get_client_ip(request)
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network(f"{parsed}/{allauth_settings.RATE_LIMIT_IPV6_PREFIX}", strict=False)
        return str(network.network_address)
    return address
