"""POST /api/token/: a username and password for the account's API token (created on first request).

Logins go through Django's authenticate with the plain HTTP request, so django-axes counts failures and
locks out repeated guessing here as it does on the login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import parsers, serializers
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.web.api.errors import BAD_REQUEST, VietnameseErrors
from chiso.web.api.fields import Input, text
from chiso.web.api.values import validated


class TokenRequest(Input):
    username = text(150)
    password = text(128, trim_whitespace=False, write_only=True, style={"input_type": "password"})

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        request: Request = self.context["request"]
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError("Sai tên đăng nhập hoặc mật khẩu.")
        return {"user": user}


class TokenAnswer(serializers.Serializer):  # type: ignore[misc]
    token = serializers.CharField(help_text="Gửi kèm mỗi yêu cầu: «Authorization: Token <mã>».")


class TokenView(VietnameseErrors, APIView):  # type: ignore[misc]
    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    parser_classes = [parsers.JSONParser, parsers.FormParser, parsers.MultiPartParser]

    @extend_schema(summary="Lấy mã xác thực (token) của tài khoản", request=TokenRequest, auth=[],
                   responses={200: TokenAnswer, **BAD_REQUEST,
                              429: OpenApiResponse(description="Đăng nhập sai quá nhiều lần: tạm khóa.")})
    def post(self, request: Request) -> Response:
        user = validated(TokenRequest(data=request.data, context={"request": request}))["user"]
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
