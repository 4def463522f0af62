"""gRPC adapter of the auth service: proto in, domain call, proto out.

Who is asking always comes from `uuut_kit.context.caller()` (the verified access token),
never from a request field.
"""

from __future__ import annotations

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from uuut_auth.domain import ROLE_ADMIN, ROLE_USER, UserInfo
from uuut_auth.errors import PreferencesInvalid, RoleInvalid
from uuut_auth.preferences import ReleasePreferences
from uuut_auth.service import AuthService
from uuut_auth.tokens import TokenPair
from uuut_kit.context import caller
from uuutorrent.auth.v1 import auth_pb2, auth_pb2_grpc

_ROLE_TO_PROTO = {ROLE_USER: auth_pb2.ROLE_USER, ROLE_ADMIN: auth_pb2.ROLE_ADMIN}
_ROLE_FROM_PROTO = {value: key for key, value in _ROLE_TO_PROTO.items()}


def role_to_proto(role: str | None) -> auth_pb2.Role:
    return _ROLE_TO_PROTO.get(role or "", auth_pb2.ROLE_UNSPECIFIED)


def role_from_proto(role: auth_pb2.Role) -> str:
    if role not in _ROLE_FROM_PROTO:
        raise RoleInvalid("role must be ROLE_USER or ROLE_ADMIN")
    return _ROLE_FROM_PROTO[role]


def user_to_proto(user: UserInfo) -> auth_pb2.User:
    created_at = Timestamp()
    created_at.FromDatetime(user.created_at)
    return auth_pb2.User(
        id=user.id,
        username=user.username,
        role=role_to_proto(user.role),
        disabled=user.disabled,
        totp_enabled=user.totp_enabled,
        created_at=created_at,
    )


_QUALITY_TO_PROTO = {
    "480p": auth_pb2.QUALITY_480P,
    "720p": auth_pb2.QUALITY_720P,
    "1080p": auth_pb2.QUALITY_1080P,
    "2160p": auth_pb2.QUALITY_2160P,
}
_QUALITY_FROM_PROTO = {value: key for key, value in _QUALITY_TO_PROTO.items()}


def preferences_to_proto(preferences: ReleasePreferences) -> auth_pb2.Preferences:
    return auth_pb2.Preferences(
        quality=_QUALITY_TO_PROTO[preferences.quality],
        groups=preferences.groups,
        trusted_only=preferences.trusted_only,
    )


def preferences_from_proto(preferences: auth_pb2.Preferences) -> ReleasePreferences:
    if preferences.quality not in _QUALITY_FROM_PROTO:
        raise PreferencesInvalid("quality must be 480p, 720p, 1080p or 2160p")
    return ReleasePreferences(
        quality=_QUALITY_FROM_PROTO[preferences.quality],
        groups=tuple(preferences.groups),
        trusted_only=preferences.trusted_only,
    )


def pair_to_proto(pair: TokenPair) -> auth_pb2.TokenPair:
    return auth_pb2.TokenPair(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
    )


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, service: AuthService) -> None:
        self._service = service

    async def Signup(
        self, request: auth_pb2.SignupRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SignupResponse:
        user = await self._service.signup(request.username, request.password)
        return auth_pb2.SignupResponse(user=user_to_proto(user))

    async def Login(
        self, request: auth_pb2.LoginRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LoginResponse:
        pair = await self._service.login(
            request.username, request.password, request.otp, request.client_address
        )
        return auth_pb2.LoginResponse(tokens=pair_to_proto(pair))

    async def Refresh(
        self, request: auth_pb2.RefreshRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.RefreshResponse:
        pair = await self._service.refresh(request.refresh_token)
        return auth_pb2.RefreshResponse(tokens=pair_to_proto(pair))

    async def Logout(
        self, request: auth_pb2.LogoutRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.LogoutResponse:
        await self._service.logout(caller())
        return auth_pb2.LogoutResponse()

    async def CheckSession(
        self, request: auth_pb2.CheckSessionRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.CheckSessionResponse:
        status = await self._service.check_session(caller())
        return auth_pb2.CheckSessionResponse(
            active=status.active,
            role=role_to_proto(status.role),
            account_disabled=bool(status.user and status.user.disabled),
        )

    async def GetMe(
        self, request: auth_pb2.GetMeRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetMeResponse:
        user = await self._service.me(caller())
        return auth_pb2.GetMeResponse(user=user_to_proto(user))

    async def ChangePassword(
        self, request: auth_pb2.ChangePasswordRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.ChangePasswordResponse:
        await self._service.change_password(
            caller(), request.current_password, request.new_password
        )
        return auth_pb2.ChangePasswordResponse()

    async def SetupTotp(
        self, request: auth_pb2.SetupTotpRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SetupTotpResponse:
        setup = await self._service.setup_totp(caller())
        return auth_pb2.SetupTotpResponse(secret=setup.secret, otpauth_url=setup.otpauth_url)

    async def EnableTotp(
        self, request: auth_pb2.EnableTotpRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.EnableTotpResponse:
        await self._service.enable_totp(caller(), request.code)
        return auth_pb2.EnableTotpResponse()

    async def DisableTotp(
        self, request: auth_pb2.DisableTotpRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.DisableTotpResponse:
        await self._service.disable_totp(caller(), request.code)
        return auth_pb2.DisableTotpResponse()

    async def ListUsers(
        self, request: auth_pb2.ListUsersRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.ListUsersResponse:
        users = await self._service.list_users(caller())
        return auth_pb2.ListUsersResponse(users=[user_to_proto(user) for user in users])

    async def CreateUser(
        self, request: auth_pb2.CreateUserRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.CreateUserResponse:
        role = None if request.role == auth_pb2.ROLE_UNSPECIFIED else role_from_proto(request.role)
        user = await self._service.create_user(caller(), request.username, request.password, role)
        return auth_pb2.CreateUserResponse(user=user_to_proto(user))

    async def UpdateUser(
        self, request: auth_pb2.UpdateUserRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.UpdateUserResponse:
        user = await self._service.update_user(
            caller(),
            request.id,
            role=role_from_proto(request.role) if request.HasField("role") else None,
            disabled=request.disabled if request.HasField("disabled") else None,
            password=request.password if request.HasField("password") else None,
        )
        return auth_pb2.UpdateUserResponse(user=user_to_proto(user))

    async def DeleteUser(
        self, request: auth_pb2.DeleteUserRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.DeleteUserResponse:
        await self._service.delete_user(caller(), request.id)
        return auth_pb2.DeleteUserResponse()

    async def GetPreferences(
        self, request: auth_pb2.GetPreferencesRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetPreferencesResponse:
        preferences = await self._service.preferences(caller())
        return auth_pb2.GetPreferencesResponse(preferences=preferences_to_proto(preferences))

    async def UpdatePreferences(
        self, request: auth_pb2.UpdatePreferencesRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.UpdatePreferencesResponse:
        stored = await self._service.update_preferences(
            caller(), preferences_from_proto(request.preferences)
        )
        return auth_pb2.UpdatePreferencesResponse(preferences=preferences_to_proto(stored))
