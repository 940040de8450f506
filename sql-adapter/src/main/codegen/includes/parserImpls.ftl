<#--
  BacktraceDB grammar added to Calcite's Parser.jj (see config.fmpp for the hooks):

    CREATE TABLE [IF NOT EXISTS] name (element, ...) [WITH (key = value, ...)]
      element: column type [NULL | NOT NULL] [PRIMARY KEY] | PRIMARY KEY (column, ...)
      value:   'string' | [+|-] number | TRUE | FALSE
    DROP TABLE [IF EXISTS] name
    CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column)
    DROP INDEX [IF EXISTS] name
    REINDEX [name]

  Types and names are parsed by Calcite's own productions (DataType, CompoundIdentifier,
  SimpleIdentifier), so every type Calcite knows is accepted here.
-->

/**
 * Builds the error for a DDL statement that is well-formed but not accepted. The parser's
 * normalizeException turns it into a SqlParseException carrying the position.
 */
JAVACODE CalciteContextException BacktraceDdlError(SqlParserPos pos, String message)
{
    final String text = message + " at " + pos;
    return new CalciteContextException(text, new SqlValidatorException(text, null),
        pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
}

/** Parses IF NOT EXISTS, or nothing; a table may still be called "if". */
boolean BacktraceIfNotExistsOpt() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

/** Parses IF EXISTS, or nothing; a table may still be called "if". */
boolean BacktraceIfExistsOpt() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** Parses a column definition or a table-level PRIMARY KEY into the given lists. */
void BacktraceTableElement(List<SqlNode> columns, List<SqlNodeList> primaryKeys) :
{
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
    final boolean nullable;
    final SqlNodeList keyColumns;
    Span s;
}
{
    <PRIMARY> { s = span(); } <KEY>
    keyColumns = ParenthesizedSimpleIdentifierList() {
        primaryKeys.add(new SqlNodeList(keyColumns.getList(), s.end(this)));
    }
|
    id = SimpleIdentifier() { s = Span.of(id); }
    type = DataType()
    nullable = NullableOptDefaultTrue() {
        columns.add(new SqlBacktraceColumn(s.end(this), id, type, nullable));
    }
    [
        <PRIMARY> { s = span(); } <KEY> {
            primaryKeys.add(
                new SqlNodeList(Collections.<SqlNode>singletonList(id), s.end(this)));
        }
    ]
}

/** Parses one "key = value" table option and appends it, rejecting a repeated key. */
void BacktraceOption(List<SqlNode> optionList) :
{
    String key;
    final Span s;
    final SqlLiteral value;
    String text;
}
{
    (
        key = Identifier()
    |
        key = SimpleStringLiteral()
    )
    {
        s = span();
        key = key.toLowerCase(Locale.ROOT);
        for (SqlNode option : optionList) {
            if (((SqlBacktraceOption) option).key().equals(key)) {
                throw BacktraceDdlError(getPos(), "Duplicate option '" + key + "'");
            }
        }
    }
    <EQ>
    (
        value = NumericLiteral()
    |
        text = SimpleStringLiteral() { value = SqlLiteral.createCharString(text, getPos()); }
    |
        <TRUE> { value = SqlLiteral.createBoolean(true, getPos()); }
    |
        <FALSE> { value = SqlLiteral.createBoolean(false, getPos()); }
    )
    {
        optionList.add(new SqlBacktraceOption(s.end(this), key, value));
    }
}

/** Parses "(key = value, ...)" after WITH. */
SqlNodeList BacktraceOptionList() :
{
    final Span s;
    final List<SqlNode> optionList = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    BacktraceOption(optionList)
    ( <COMMA> BacktraceOption(optionList) )*
    <RPAREN> {
        return new SqlNodeList(optionList, s.end(this));
    }
}

/** Parses the rest of CREATE TABLE; CREATE and OR REPLACE are already consumed. */
SqlCreate SqlCreateTableStatement(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final Span columnSpan;
    final SqlNodeList columnList;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNodeList> primaryKeys = new ArrayList<SqlNodeList>();
    SqlNodeList optionList = SqlNodeList.EMPTY;
}
{
    <TABLE> {
        if (replace) {
            throw BacktraceDdlError(s.end(this), "CREATE OR REPLACE TABLE is not supported");
        }
    }
    ifNotExists = BacktraceIfNotExistsOpt()
    name = CompoundIdentifier()
    <LPAREN> { columnSpan = span(); }
    BacktraceTableElement(columns, primaryKeys)
    ( <COMMA> BacktraceTableElement(columns, primaryKeys) )*
    <RPAREN> {
        columnList = new SqlNodeList(columns, columnSpan.end(this));
        if (columns.isEmpty()) {
            throw BacktraceDdlError(columnList.getParserPosition(),
                "Table '" + name + "' needs at least one column");
        }
        if (primaryKeys.size() > 1) {
            throw BacktraceDdlError(primaryKeys.get(1).getParserPosition(),
                "Table '" + name + "' has more than one PRIMARY KEY");
        }
    }
    [ <WITH> optionList = BacktraceOptionList() ]
    {
        return new SqlCreateBacktraceTable(s.end(this), ifNotExists, name, columnList,
            primaryKeys.isEmpty() ? SqlNodeList.EMPTY : primaryKeys.get(0), optionList);
    }
}

/** Parses the rest of CREATE [UNIQUE] INDEX; CREATE and OR REPLACE are already consumed. */
SqlCreate SqlCreateIndexStatement(Span s, boolean replace) :
{
    boolean unique = false;
    final boolean ifNotExists;
    final SqlIdentifier name;
    final SqlIdentifier table;
    final SqlIdentifier column;
    final List<SqlIdentifier> include = new ArrayList<SqlIdentifier>();
    SqlIdentifier included;
}
{
    [ <UNIQUE> { unique = true; } ]
    <INDEX> {
        if (replace) {
            throw BacktraceDdlError(s.end(this), "CREATE OR REPLACE INDEX is not supported");
        }
    }
    ifNotExists = BacktraceIfNotExistsOpt()
    name = CompoundIdentifier()
    <ON>
    table = CompoundIdentifier()
    <LPAREN> column = SimpleIdentifier() <RPAREN>
    [
        <INCLUDE> <LPAREN>
        included = SimpleIdentifier() { include.add(included); }
        ( <COMMA> included = SimpleIdentifier() { include.add(included); } )*
        <RPAREN>
    ]
    {
        return new SqlCreateBacktraceIndex(
            s.end(this), unique, ifNotExists, name, table, column, include);
    }
}

/** Parses the rest of DROP TABLE; DROP is already consumed. */
SqlDrop SqlDropTableStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <TABLE>
    ifExists = BacktraceIfExistsOpt()
    name = CompoundIdentifier()
    {
        return new SqlDropBacktraceTable(s.end(this), ifExists, name);
    }
}

/** Parses the rest of DROP INDEX; DROP is already consumed. */
SqlDrop SqlDropIndexStatement(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <INDEX>
    ifExists = BacktraceIfExistsOpt()
    name = CompoundIdentifier()
    {
        return new SqlDropBacktraceIndex(s.end(this), ifExists, name);
    }
}

/** Parses REINDEX [name]: one index or table by name, or every index. */
SqlNode SqlReindexStatement() :
{
    final Span s;
    SqlIdentifier name = null;
}
{
    <REINDEX> { s = span(); }
    [ name = CompoundIdentifier() ]
    {
        return new SqlReindex(s.end(this), name);
    }
}
