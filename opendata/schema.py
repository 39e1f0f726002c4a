def only_open_data(endpoints):
    """The OpenAPI description covers the open data only (not the schema and docs themselves)."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith(("/api/v1/", "/data/")) and endpoint[0] != "/data/"
    ]
