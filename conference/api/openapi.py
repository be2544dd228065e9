"""The OpenAPI 3.1 document, assembled from every API module's PATHS and SCHEMAS."""

from flask import jsonify

from .blueprint import api_modules, bp

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}


def error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def json_body(schema_ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}


STANDARD_ERRORS = {
    "400": error_response("Bad request"),
    "401": error_response("No valid credentials"),
    "403": error_response("The caller's role may not do this"),
    "422": error_response("Invalid fields"),
    "429": error_response("Too many requests"),
}


def build_document() -> dict:
    paths: dict = {
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "getOpenapi",
                "security": [],
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1 document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    }
    schemas: dict = {"Error": ERROR_SCHEMA}
    for module in api_modules():
        for path, operations in module.PATHS.items():
            paths.setdefault(path, {}).update(operations)
        schemas.update(getattr(module, "SCHEMAS", {}))
    for path_item in paths.values():
        for method in ("get", "post", "patch", "put", "delete"):
            if method in path_item:
                # Any request can be malformed (broken JSON, numbers too large for the database).
                path_item[method]["responses"].setdefault("400", STANDARD_ERRORS["400"])
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Forum API",
            "version": "1.0.0",
            "description": "Registration, agenda, awards, badges and check-in for the forum. "
            "Staff calls use `Authorization: Bearer <token>` from `flask --app conference users token EMAIL`. "
            "Tokens expire (90 days unless `--days` says otherwise) and can be revoked; an expired, revoked or "
            "unknown token answers 401 `invalid_token`.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
