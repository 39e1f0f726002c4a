from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator


def only_open_data(endpoints):
    """The OpenAPI description covers the open data only (not the schema and docs themselves)."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith(("/api/v1/", "/data/")) and endpoint[0] != "/data/"
    ]


@lru_cache(maxsize=4)
def reference(language):
    """The OpenAPI description, read for the documentation page: one entry per operation with its
    parameters and the fields it answers with, in the given (active) language. The description
    changes only with the code, so it is built once per language and process."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "anchor": operation["operationId"].replace(".", "-"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                    "responses": [
                        {"status": status, "media_type": media_type, "schema": _schema_name(body)}
                        for status, answer in operation.get("responses", {}).items()
                        for media_type, body in answer.get("content", {}).items()
                    ],
                }
            )
    schemas = [
        {
            "name": name,
            "fields": [
                {
                    "name": field,
                    "type": _type(description),
                    "nullable": description.get("nullable", False),
                    "description": description.get("description", ""),
                }
                for field, description in component.get("properties", {}).items()
            ],
        }
        for name, component in components.items()
    ]
    return {"info": schema["info"], "operations": operations, "schemas": schemas}


def _parameter(parameter):
    return {
        "name": parameter["name"],
        "where": parameter["in"],
        "type": _type(parameter.get("schema", {})),
        "choices": parameter.get("schema", {}).get("enum", []),
        "required": parameter.get("required", False),
        "description": parameter.get("description", ""),
    }


def _schema_name(body):
    schema = body.get("schema", {})
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "items" in schema and "$ref" in schema["items"]:
        return schema["items"]["$ref"].rsplit("/", 1)[-1]
    return ""


def _type(schema):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"array[{_type(schema.get('items', {}))}]"
    return schema.get("format") or schema.get("type", "")
