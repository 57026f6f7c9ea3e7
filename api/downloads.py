"""Handing out stored bytes as a file download (what FileResponse does for a path, for bytes from the document
store: the bytes served are the bytes the service checked)."""

from urllib.parse import quote

from fastapi import Response


def download(data: bytes, *, filename: str, media_type: str, disposition: str = "attachment",
             headers: dict[str, str] | None = None) -> Response:
    quoted = quote(filename)
    name = f"filename*=utf-8''{quoted}" if quoted != filename else f'filename="{filename}"'
    return Response(data, media_type=media_type,
                    headers={**(headers or {}), "Content-Disposition": f"{disposition}; {name}"})
