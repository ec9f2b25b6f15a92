/// The server's OpenAPI 3 document (`GET /openapi.json`): the seed's upload operation, the
/// reading-back routes, the operations routes and the bearer scheme. The one place the contract is
/// written.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "synap-server",
    "version": "1.0.0",
    "description": "The project upload API of Acusight seed 000 (POST /ml/projects/{id}/models/upload), every upload judged while it streams in, plus reading back. Errors answer with types.APIResponse: {\"success\": false, \"error\": {\"code\", \"message\", \"details\"}}."
  },
  "servers": [{"url": "/"}],
  "tags": [
    {"name": "Models & training", "description": "Model registry: upload and read back."},
    {"name": "Operations", "description": "Health, readiness, metrics, this document."}
  ],
  "paths": {
    "/ml/projects/{id}/models/upload": {
      "post": {
        "tags": ["Models & training"],
        "operationId": "uploadModel",
        "summary": "Upload model to project",
        "description": "Uploads model weights to a project. Can optionally attach to a dataset version for lineage. The first 64 KiB of model_file decide its format (unsupported_format, extension_mismatch); the whole file is then judged (unsafe_pickle, invalid_model).",
        "parameters": [{"$ref": "#/components/parameters/ProjectID"}],
        "requestBody": {
          "required": true,
          "content": {
            "multipart/form-data": {
              "schema": {
                "type": "object",
                "required": ["name", "model_file"],
                "properties": {
                  "name": {"type": "string", "minLength": 1, "description": "Model display name (non-empty)"},
                  "version_id": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Dataset version ID to attach to (optional)"
                  },
                  "model_file": {
                    "type": "string",
                    "format": "binary",
                    "description": "Model artifact (.pt, .onnx, .tflite, .synap)"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Model uploaded",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {"$ref": "#/components/schemas/types.APIResponse"},
                    {
                      "type": "object",
                      "properties": {"data": {"$ref": "#/components/schemas/UploadedModelVersion"}}
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "description": "Invalid upload payload, refused file, or version_exists",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
          },
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "408": {
            "description": "The body arrives too slowly (under 1 KiB/s)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
          },
          "413": {
            "description": "Larger than the server's --max-upload-size",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
          },
          "503": {
            "description": "The server is receiving its maximum number of uploads",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
          },
          "500": {
            "description": "Failed to upload model",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
          }
        },
        "security": [{"BearerAuth": []}]
      }
    },
    "/ml/projects/{id}/models": {
      "get": {
        "tags": ["Models & training"],
        "operationId": "listModels",
        "summary": "List a project's models, newest first",
        "parameters": [
          {"$ref": "#/components/parameters/ProjectID"},
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647, "default": 0}
          }
        ],
        "responses": {
          "200": {
            "description": "A page of model versions, with meta (count, limit, offset, total)",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {"$ref": "#/components/schemas/types.APIResponse"},
                    {
                      "type": "object",
                      "properties": {
                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/UploadedModelVersion"}}
                      }
                    }
                  ]
                }
              }
            }
          },
          "400": {"$ref": "#/components/responses/BadParameter"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"}
        },
        "security": [{"BearerAuth": []}]
      }
    },
    "/ml/projects/{id}/models/{model_id}": {
      "get": {
        "tags": ["Models & training"],
        "operationId": "getModel",
        "summary": "One model version and its report",
        "parameters": [{"$ref": "#/components/parameters/ProjectID"}, {"$ref": "#/components/parameters/ModelID"}],
        "responses": {
          "200": {
            "description": "The model version and its full synap-tool report",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {"$ref": "#/components/schemas/types.APIResponse"},
                    {
                      "type": "object",
                      "properties": {"data": {"$ref": "#/components/schemas/ModelVersionDetail"}}
                    }
                  ]
                }
              }
            }
          },
          "400": {"$ref": "#/components/responses/BadParameter"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}
        },
        "security": [{"BearerAuth": []}]
      }
    },
    "/ml/projects/{id}/models/{model_id}/file": {
      "get": {
        "tags": ["Models & training"],
        "operationId": "downloadModel",
        "summary": "The model file (Range supported; ETag is the quoted SHA-256)",
        "parameters": [
          {"$ref": "#/components/parameters/ProjectID"},
          {"$ref": "#/components/parameters/ModelID"},
          {
            "name": "Range",
            "in": "header",
            "required": false,
            "schema": {"type": "string"},
            "description": "One byte range, bytes=first-last"
          }
        ],
        "responses": {
          "200": {
            "description": "The file",
            "headers": {"ETag": {"schema": {"type": "string"}}},
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
          },
          "206": {
            "description": "The requested range",
            "headers": {"Content-Range": {"schema": {"type": "string"}}},
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
          },
          "400": {"$ref": "#/components/responses/BadParameter"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "416": {
            "description": "The range is outside the file",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
          }
        },
        "security": [{"BearerAuth": []}]
      }
    },
    "/healthz": {
      "get": {
        "tags": ["Operations"],
        "operationId": "healthz",
        "summary": "The process is alive",
        "responses": {
          "200": {
            "description": "Alive",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {"$ref": "#/components/schemas/types.APIResponse"},
                    {"type": "object", "properties": {"data": {"type": "object"}}}
                  ]
                }
              }
            }
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "tags": ["Operations"],
        "operationId": "readyz",
        "summary": "The database answers and the store is writable",
        "responses": {
          "200": {
            "description": "Ready",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {"$ref": "#/components/schemas/types.APIResponse"},
                    {"type": "object", "properties": {"data": {"type": "object"}}}
                  ]
                }
              }
            }
          },
          "503": {
            "description": "Not ready",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "tags": ["Operations"],
        "operationId": "metrics",
        "summary": "Prometheus metrics",
        "responses": {
          "200": {
            "description": "Prometheus text exposition",
            "content": {"text/plain": {"schema": {"type": "string"}}}
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "tags": ["Operations"],
        "operationId": "openapi",
        "summary": "This document",
        "responses": {
          "200": {
            "description": "OpenAPI 3 document",
            "content": {"application/json": {"schema": {"type": "object"}}}
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "BearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A JWT (HS256, RS256 or ES256) with exp and projects (the project ids it may use); synap-server token mints one."
      }
    },
    "parameters": {
      "ProjectID": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "Project ID",
        "schema": {"type": "integer", "minimum": 0, "format": "int64"}
      },
      "ModelID": {
        "name": "model_id",
        "in": "path",
        "required": true,
        "description": "Model version ID",
        "schema": {"type": "integer", "minimum": 0, "format": "int64"}
      }
    },
    "responses": {
      "Unauthorized": {
        "description": "Missing, expired or forged bearer token",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
      },
      "Forbidden": {
        "description": "The token does not grant this project",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
      },
      "BadParameter": {
        "description": "A path or query parameter is not a valid integer",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
      },
      "NotFound": {
        "description": "No such model in the project",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/types.APIResponse"}}}
      }
    },
    "schemas": {
      "types.APIResponse": {
        "type": "object",
        "properties": {
          "data": {},
          "error": {"$ref": "#/components/schemas/types.APIError"},
          "meta": {"$ref": "#/components/schemas/types.APIMeta"},
          "success": {"type": "boolean"}
        }
      },
      "types.APIError": {
        "type": "object",
        "properties": {"code": {"type": "string"}, "details": {"type": "string"}, "message": {"type": "string"}}
      },
      "types.APIMeta": {
        "type": "object",
        "properties": {
          "count": {"type": "integer"},
          "limit": {"type": "integer"},
          "offset": {"type": "integer"},
          "total": {"type": "integer"}
        }
      },
      "models.ModelVersion": {
        "type": "object",
        "properties": {
          "artifact_uri": {
            "type": "string",
            "description": "Artifact Storage - Full URI to the model file (file://… here, s3://… at scale)"
          },
          "created_at": {"type": "string", "description": "Timestamps (RFC 3339 UTC)"},
          "format": {"type": "string", "description": "Format of the model artifact: pt, onnx, tflite, synap"},
          "id": {"type": "integer"},
          "is_reference": {
            "type": "boolean",
            "description": "Reference Flag: If true, this is a link to a global model (ProjectID=0) used in this project"
          },
          "project_id": {"type": "integer", "description": "Foreign keys"},
          "source_model_version_id": {
            "type": "integer",
            "nullable": true,
            "description": "For exports: points to the source model this was exported from; null for trained/uploaded models"
          },
          "updated_at": {"type": "string"},
          "version_id": {
            "type": "integer",
            "description": "VersionID: One model per dataset version (enforced by unique index); version_id=0 is reserved for versionless uploaded models and exports"
          }
        }
      },
      "UploadedModelVersion": {
        "allOf": [
          {"$ref": "#/components/schemas/models.ModelVersion"},
          {
            "type": "object",
            "properties": {
              "name": {"type": "string"},
              "sha256": {"type": "string"},
              "size": {"type": "integer"},
              "verdict": {
                "type": "string",
                "nullable": true,
                "description": "The pickle verdict (safe); null for formats that hold no pickle"
              }
            }
          }
        ]
      },
      "ModelVersionDetail": {
        "allOf": [
          {"$ref": "#/components/schemas/UploadedModelVersion"},
          {
            "type": "object",
            "properties": {
              "report": {
                "type": "object",
                "description": "The synap-tool report (schema synap-tool.report/1), as inspect --json prints it"
              }
            }
          }
        ]
      }
    }
  }
}
"""#
}
