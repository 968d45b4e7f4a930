"""The nginx configuration of `make preview`: the site under its site_url path, the headers on every
response, nothing written outside its temporary folder."""

from __future__ import annotations

import re

from conftest import PROJECT

from hooks.security.preview import location_regex, nginx_command, nginx_config, site_path


def config_of(tmp_path, *, base_path="/exosomes/", as_root=False):
    return nginx_config(
        site=tmp_path / "site", base_path=base_path, port=8080, temp_dir=tmp_path / "run", as_root=as_root
    )


def test_the_path_comes_from_site_url():
    assert site_path(PROJECT / "mkdocs.yml") == "/exosomes/"


def test_the_path_follows_inherit_and_reads_mkdocs_tags(tmp_path):
    (tmp_path / "base.yml").write_text("site_url: https://example.org/info\nx: !ENV [HOME, none]\n", encoding="utf-8")
    (tmp_path / "child.yml").write_text("INHERIT: base.yml\nsite_name: Child\n", encoding="utf-8")
    (tmp_path / "bare.yml").write_text("site_name: Bare\n", encoding="utf-8")
    assert site_path(tmp_path / "child.yml") == "/info/"
    assert site_path(tmp_path / "bare.yml") == "/"


def test_headers_are_included_at_server_level_and_no_location_adds_its_own(tmp_path):
    config = config_of(tmp_path)
    server = config[config.index("server {") :]
    assert f'include "{tmp_path / "site" / "_headers.nginx.conf"}";' in server
    assert not re.search(r"^\s*add_header", config, re.M)
    assert "error_page 404 /exosomes/404.html;" in server
    assert f'alias "{tmp_path / "site"}/";' in server
    assert "location ~ ^/exosomes/(?:.*/)?_headers { return 404; }" in server
    assert "location = / { return 302 /exosomes/; }" in server


def test_an_edition_in_a_folder_of_its_own_gets_its_own_404_page(tmp_path):
    (tmp_path / "site" / "ar").mkdir(parents=True)
    (tmp_path / "site" / "ar" / "404.html").write_text("<h1>404</h1>", encoding="utf-8")
    (tmp_path / "site" / "assets").mkdir()
    server = config_of(tmp_path)
    assert (
        "    location /exosomes/ar/ {\n"
        f'      alias "{tmp_path / "site" / "ar"}/";\n'
        "      index index.html;\n"
        "      error_page 404 /exosomes/ar/404.html;\n"
        "    }\n"
    ) in server
    assert "location /exosomes/assets/" not in server
    assert not re.search(r"^\s*add_header", server, re.M)  # the server's headers reach it too


def test_it_listens_on_127_0_0_1_only_and_writes_only_into_its_temporary_folder(tmp_path):
    config = config_of(tmp_path)
    assert re.findall(r"listen (\S+);", config) == ["127.0.0.1:8080"]
    paths = re.findall(r'(?:pid|_temp_path) "([^"]+)"', config)
    assert len(paths) == 6 and all(path.startswith(str(tmp_path / "run")) for path in paths)
    assert "error_log stderr" in config
    assert nginx_command(tmp_path / "run" / "nginx.conf", tmp_path / "run")[-4:] == [
        "-e",
        "stderr",
        "-g",
        "daemon off;",
    ]


def test_as_root_the_workers_stay_root_to_read_a_private_folder(tmp_path):
    assert re.search(r"^user root;$", config_of(tmp_path, as_root=True), re.M)
    assert not re.search(r"^user ", config_of(tmp_path, as_root=False), re.M)


def test_a_site_at_the_root_has_no_home_redirect(tmp_path):
    config = config_of(tmp_path, base_path="/")
    assert "location = /" not in config
    assert "location / {" in config
    assert "location ~ ^/(?:.*/)?_headers { return 404; }" in config


def test_regex_characters_of_the_path_are_escaped():
    assert location_regex("/a.b+c/_headers") == r"^/a\.b\+c/_headers"
