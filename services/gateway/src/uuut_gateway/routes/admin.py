"""/api/v1/admin: user management, for administrators only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from uuut_gateway.clients import PASSWORD_HASHING_TIMEOUT_S
from uuut_gateway.errors import ApiError, call
from uuut_gateway.schemas.users import ROLE_TO_PROTO, AdminUserOut, NewUser, UserChange, UserList
from uuut_gateway.security import Clients, CurrentAdmin
from uuutorrent.auth.v1 import auth_pb2
from uuutorrent.torrent.v1 import torrent_pb2

router = APIRouter(prefix="/admin/users", tags=["admin"])
UserId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.get("")
async def list_users(admin: CurrentAdmin, clients: Clients) -> UserList:
    reply = await call(
        "auth", clients.auth.ListUsers(auth_pb2.ListUsersRequest(), metadata=admin.metadata)
    )
    return UserList(users=[AdminUserOut.from_proto(u) for u in reply.users])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_user(body: NewUser, admin: CurrentAdmin, clients: Clients) -> AdminUserOut:
    request = auth_pb2.CreateUserRequest(
        username=body.username, password=body.password, role=ROLE_TO_PROTO[body.role]
    )
    reply = await call(
        "auth",
        clients.auth.CreateUser(
            request, metadata=admin.metadata, timeout=PASSWORD_HASHING_TIMEOUT_S
        ),
    )
    return AdminUserOut.from_proto(reply.user)


@router.patch("/{user_id}")
async def update_user(
    user_id: UserId, body: UserChange, admin: CurrentAdmin, clients: Clients
) -> AdminUserOut:
    request = auth_pb2.UpdateUserRequest(id=user_id)
    if body.role is not None:
        request.role = ROLE_TO_PROTO[body.role]
    if body.disabled is not None:
        request.disabled = body.disabled
    if body.password is not None:
        request.password = body.password
    reply = await call(
        "auth",
        clients.auth.UpdateUser(
            request, metadata=admin.metadata, timeout=PASSWORD_HASHING_TIMEOUT_S
        ),
    )
    return AdminUserOut.from_proto(reply.user)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_user(user_id: UserId, admin: CurrentAdmin, clients: Clients) -> Response:
    """Delete the account, then its torrent ownerships (and torrents nobody owns any more).

    The account goes first: its guard (the last admin) must be able to refuse before anything
    is lost. Should the torrent step fail, the same DELETE again finishes it.
    """
    try:
        await call(
            "auth",
            clients.auth.DeleteUser(
                auth_pb2.DeleteUserRequest(id=user_id), metadata=admin.metadata
            ),
        )
        account_deleted = True
    except ApiError as error:
        if error.status != status.HTTP_404_NOT_FOUND:
            raise
        account_deleted, not_found = False, error
    forgotten = await call(
        "torrent",
        clients.torrent.ForgetUser(
            torrent_pb2.ForgetUserRequest(user_id=user_id), metadata=admin.metadata
        ),
    )
    if not account_deleted and forgotten.ownerships_dropped == 0:
        raise not_found
    return Response(status_code=status.HTTP_204_NO_CONTENT)
