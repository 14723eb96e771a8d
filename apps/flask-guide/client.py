# client.py, as Logto's guide writes it. The values the guide says to replace come from the
# environment the harness hands over (your app may keep them in its own config).
import os
from typing import Union

from flask import session
from logto import LogtoClient, LogtoConfig, Storage


class SessionStorage(Storage):
    def get(self, key: str) -> Union[str, None]:
        return session.get(key, None)

    def set(self, key: str, value: Union[str, None]) -> None:
        session[key] = value

    def delete(self, key: str) -> None:
        session.pop(key, None)


client = LogtoClient(
    LogtoConfig(
        endpoint=os.environ["LOGTO_ENDPOINT"],  # replace with your Logto endpoint
        appId=os.environ["LOGTO_APP_ID"],  # replace with your app id
        appSecret=os.environ["LOGTO_APP_SECRET"],  # replace with your app secret
    ),
    storage=SessionStorage(),
)
