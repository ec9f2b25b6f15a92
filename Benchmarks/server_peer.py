"""The peer of Benchmarks/server.sh: the upload server a team would write instead of synap-server.

FastAPI with python-multipart streams `model_file` to a file under DATA, then picklescan judges it;
a file with dangerous globals is refused (400), anything else is stored (201). Run:
    python server_peer.py PORT DATA
"""

import os
import sys
import uuid

import uvicorn
from fastapi import FastAPI, File, Form, HTTPException, UploadFile
from picklescan.scanner import scan_file_path

app = FastAPI()
data = sys.argv[2]


@app.post("/ml/projects/{project}/models/upload", status_code=201)
async def upload(project: int, name: str = Form(...), model_file: UploadFile = File(...)):
    path = os.path.join(data, f"{project}-{uuid.uuid4().hex}-{os.path.basename(model_file.filename or 'model')}")
    with open(path, "wb") as out:
        while chunk := await model_file.read(1 << 20):
            out.write(chunk)
    result = scan_file_path(path)
    if result.infected_files or result.scan_err:
        os.unlink(path)
        raise HTTPException(status_code=400, detail="unsafe_pickle")
    return {"success": True, "data": {"name": name, "project_id": project, "size": os.path.getsize(path)}}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
