# The guide's Flask app: /sign-in, /callback, /sign-out and a home page that says only whether
# someone is signed in (no email, no claims route, no sign-up route). Run it as the guide does:
#   python -m flask --app app run --port $PORT
import os

from flask import Flask, redirect, request

from client import client
from first_screen import sign_in_options

app = Flask(__name__)
app.secret_key = os.environ["APP_SESSION_SECRET"]  # Flask's session holds the SDK's storage

BASE_URL = os.environ.get("APP_BASE_URL", "http://localhost:3000")


@app.route("/sign-in")
async def sign_in():
    return redirect(await client.signIn(redirectUri=f"{BASE_URL}/callback", **sign_in_options()))


@app.route("/callback")
async def callback():
    await client.handleSignInCallback(request.url)
    return redirect("/")


@app.route("/sign-out")
async def sign_out():
    return redirect(await client.signOut(postLogoutRedirectUri=f"{BASE_URL}/"))


@app.route("/")
async def home():
    if client.isAuthenticated() is False:
        return "ยังไม่ได้ยืนยันตัวตน <a href='/sign-in'>ลงชื่อเข้าใช้</a>"
    return "ยืนยันตัวตนแล้ว <a href='/sign-out'>ลงชื่อออก</a>"
